"""Benchmarks of commitrules against a hand-written Python baseline (``python -m benchmarks``).

- :mod:`benchmarks.generators`: seeded generators of realistic cases of every kind (JSON-like dicts).
- :mod:`benchmarks.baseline`: the bundled pack's decisions written by hand in plain Python.
- :mod:`benchmarks.run`: the measurements and the table (see ``docs/performance.md``).
"""
