"""``python -m perfdesk`` and the frozen program's entry point: the same as the ``perfdesk`` command."""

import sys

from perfdesk.cli import main  # absolute: PyInstaller runs this file as a script, not as a package module

sys.exit(main())
