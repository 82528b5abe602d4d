"""``python -m dialstack.cli``: the same as the ``dialstack`` command."""

import sys

from .main import main

sys.exit(main())
