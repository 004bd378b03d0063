"""`python -m evalrules …`: the command line, for when the `evalrules` script is not on PATH
(an editor starting `python -m evalrules lsp` with the Python evalrules is installed in)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
