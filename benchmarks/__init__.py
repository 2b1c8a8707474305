"""Benchmarks for docmill: a synthetic corpus generator and the benchmark harness.

- :mod:`benchmarks.corpus` writes a reproducible corpus of raw scrape files built
  from the seed articles in ``raw/`` (``python -m benchmarks.corpus --help``).
- :mod:`benchmarks.run` measures the Prefect flow against a plain Python loop over
  the same core functions (``python -m benchmarks.run --help``).

Nothing in the pipeline imports this package.
"""
