"""The bundle's entry point: the same ``main`` as the ``annotator`` script."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())
