"""Benchmarks for docmill: a synthetic corpus generator and the benchmark harness.

- :mod:`flows.bench.corpus` writes a reproducible corpus of raw scrape files built
  from the seed articles in ``raw/`` (``python -m flows.bench.corpus --help``).
- :mod:`flows.bench.run` measures the Prefect flow against a plain Python loop over
  the same core functions (``python -m flows.bench.run --help``).

Nothing in the pipeline imports this package.
"""
