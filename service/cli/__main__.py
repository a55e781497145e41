"""`python -m service.cli`: the same as the `vanthu` command."""

import sys

from service.cli import main

if __name__ == "__main__":  # a forkserver child imports this module too; it must not run the CLI
    sys.exit(main())
