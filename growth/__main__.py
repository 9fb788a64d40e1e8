"""`python -m growth anthro|anthroplus INPUT.csv OUTPUT.csv` (see growth.cli)."""

import sys

from growth.cli import main

sys.exit(main())
