"""The signal a long export raises when the clerk cancels it (shared by every writer and the task runner)."""


class Cancelled(Exception):
    """The user cancelled a long export; nothing was written."""
