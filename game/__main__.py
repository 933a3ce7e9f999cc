"""`python -m game …` runs the ardojo command line."""

import sys

from game.cli import main

sys.exit(main())
