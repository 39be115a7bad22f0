"""``python -m perfdesk``: the same as the ``perfdesk`` command."""

import sys

from .cli import main

sys.exit(main())
