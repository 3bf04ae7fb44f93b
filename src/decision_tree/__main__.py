"""``python -m decision_tree``: see ``cli``."""

import sys

from .cli import main

sys.exit(main())
