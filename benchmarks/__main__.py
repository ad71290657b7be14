"""``python -m benchmarks``: see :mod:`benchmarks.run` and ``docs/performance.md``."""

import sys
from pathlib import Path

# Run from a checkout without installing: the library from src/, the benchmarks package from the root.
_ROOT = Path(__file__).resolve().parents[1]
for _path in (str(_ROOT / "src"), str(_ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from benchmarks.run import main  # noqa: E402 - after the path is set

if __name__ == "__main__":  # not again in a process spawned from this one
    raise SystemExit(main())
