"""Imported once by the worker pool's fork server, before any worker forks.

Everything imported and loaded here is shared by the workers (forked copy-on-write):
the pipeline's modules and the part writer, the language model and dateparser's data.
"""

from flows.clean.pipeline import warm_up
from flows.store import parts as parts

warm_up()
