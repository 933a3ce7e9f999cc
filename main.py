"""Run AR Dojo from a checkout: `python main.py play --text`, same as the `ardojo` command."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
