"""Validate the fifth held-out test set: articles/pNN.txt against gold.yaml (prints ERRORS 0).

The validator is tests/heldout's, run on this folder: ``python3 check_gold.py [--stats]``.
"""

import pathlib
import runpy
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.argv[1:1] = [str(HERE)]
runpy.run_path(str(HERE.parent / "heldout" / "check_gold.py"), run_name="__main__")
