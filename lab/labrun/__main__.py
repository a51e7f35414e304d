"""Lets `python -m labrun` run the lab."""

import sys

from labrun.main import main

sys.exit(main())
