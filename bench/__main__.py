"""`python -m bench [name ...]`: run the benchmarks in this folder (every one when none is named).

Each benchmark is a module here with a `main()` that prints its figures (medians, ratios) and the
machine it ran on. Speed is measured here, never asserted in tests.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinmap.settings")


def main() -> None:
    names = sys.argv[1:] or sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")
    )
    for name in names:
        print(f"== bench/{name}.py ==", flush=True)
        importlib.import_module(f"bench.{name}").main()


main()
