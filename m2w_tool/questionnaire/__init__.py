"""The interactive questionnaire behind `m2w assess`.

- flow.py: the pure state machine (`Flow`): which steps apply, which are open, where to go next;
- keys.py: what the user types (commands, ratings such as `4`, `4+`, `n`, `?`) and text as stored;
- session.py: asks the steps at the terminal and saves after every change (`Session`), with
  screen.py (output and prompts), show.py (what a step shows), texts.py (free texts, the editor),
  store.py (where an answer goes) and helptext.py (the keys in words);
- intro.py: a new file's language, part (the quick scan is one) and details;
- ownership.py: whose file this is and how old, before adding to it;
- files.py and run.py: the file on disk and the whole command (`assess`).

The browser's library (m2w_tool.answering) uses the same Flow, so both count and resume alike.
"""

from m2w_tool.questionnaire.files import check_target, open_answers
from m2w_tool.questionnaire.flow import MAX_ACTIONS, Flow, Progress, Step, build_steps
from m2w_tool.questionnaire.keys import Command, clean_text, parse_command

__all__ = [
    "MAX_ACTIONS",
    "Command",
    "Flow",
    "Progress",
    "Step",
    "build_steps",
    "check_target",
    "clean_text",
    "open_answers",
    "parse_command",
]
