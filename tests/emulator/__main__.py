"""`python -m tests.emulator start|stop|status`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
