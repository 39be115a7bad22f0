"""Windows, pages, dialogs, item models and undo commands (Qt)."""
