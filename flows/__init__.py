"""docmill: raw scraped article texts in, clean validated datasets out.

The package reads like the pipeline: ``core`` holds the pure stages (no Prefect, no
files), ``rules`` the boilerplate and metadata rules as data, ``io`` everything that
touches a filesystem, ``tasks`` and ``etl`` the Prefect orchestration, ``cli`` the
``docmill`` command.
"""

__version__ = "0.1.0"
