"""``python -m forecastcheck`` runs the command line."""

from __future__ import annotations

import sys

from forecastcheck.cli import main

sys.exit(main())
