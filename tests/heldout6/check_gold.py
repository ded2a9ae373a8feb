"""Validate the sixth held-out test set: articles/qNN.txt against gold.yaml (prints ERRORS 0).

The validator is tests/heldout's, run on this folder: ``python3 check_gold.py [--stats]``.
When this folder sits outside the repository (it was written in /work/heldout6), the script falls
back to /work/main/tests/heldout/check_gold.py.
"""

import pathlib
import runpy
import sys

HERE = pathlib.Path(__file__).resolve().parent
VALIDATOR = HERE.parent / "heldout" / "check_gold.py"
if not VALIDATOR.exists():
    VALIDATOR = pathlib.Path("/work/main/tests/heldout/check_gold.py")
sys.argv[1:1] = [str(HERE)]
runpy.run_path(str(VALIDATOR), run_name="__main__")
