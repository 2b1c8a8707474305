"""The pure core of docmill: plain functions over plain data.

Nothing in this package imports Prefect or opens a file; ``make lint`` enforces it.
"""
