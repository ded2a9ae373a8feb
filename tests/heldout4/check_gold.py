"""Validate the fourth held-out test set: articles/nNN.txt against gold.yaml (prints ERRORS 0).

The validator is tests/heldout's, run on this folder: ``python3 check_gold.py [--stats]``.
Outside tests/ (before the folder is copied there), run that validator directly with this folder as
its argument: ``python3 tests/heldout/check_gold.py path/to/heldout4 --stats``.
"""

import pathlib
import runpy
import sys

HERE = pathlib.Path(__file__).resolve().parent
VALIDATOR = HERE.parent / "heldout" / "check_gold.py"
if not VALIDATOR.is_file():
    sys.exit(f"sister validator not found at {VALIDATOR}; run tests/heldout/check_gold.py {HERE}")
sys.argv[1:1] = [str(HERE)]
runpy.run_path(str(VALIDATOR), run_name="__main__")
