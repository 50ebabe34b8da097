"""The web face of m2w (`m2w serve`): the questionnaire, reports and workbooks in a browser, on the
same answers files, content, scoring and reports as the command line."""
