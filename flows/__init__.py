"""docmill: raw scraped article texts in, clean validated datasets out.

The package reads like the pipeline. Pure packages (no Prefect, no files):
``clean`` the per-file stages in pipeline order, ``collection`` the steps over all
documents (duplicates, refresh plans), ``publish`` the dataset's publications;
``model`` and ``errors`` the data types they share. ``rules`` holds the rules,
vocabularies and learned weights as data. ``store`` is the only code that touches
files, ``orchestrate`` the Prefect tasks and flows, ``cli`` the ``docmill`` command.
"""

__version__ = "0.1.0"
