"""`python -m bench [--scale 0.1]`: see `bench/run.py`."""

import sys

from .run import parse, run

if __name__ == "__main__":
    run(parse(sys.argv[1:]))
    sys.exit(0)
