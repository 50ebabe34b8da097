"""Chapters a report gets only sometimes, each an `ExtraSection` with its own partial template:
the history of an initiative's assessments (history.py) and a group's disagreements (group.py)."""
