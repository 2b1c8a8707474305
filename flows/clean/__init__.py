"""The cleaning stages, pure: one raw file in, its documents (or its rejection) out.

In pipeline order: ``decode`` (bytes to text, encoding repair), ``htmlpage`` (HTML to
text), ``markup`` (markdown and HTML debris), ``boilerplate`` with ``rules`` and
``heuristics`` (what is not the article), ``segment`` (articles, sections,
paragraphs), ``metadata`` and ``dates``, ``validate`` (JSON Schema) and ``export``
(Arrow records and JSON-LD nodes). ``pipeline`` runs them all over one file.
Nothing here imports Prefect or touches a file; ``make lint`` enforces it.
"""
