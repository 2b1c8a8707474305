"""Imported once by the worker pool's fork server, before any worker forks.

Everything imported and loaded here is shared by the workers (forked copy-on-write):
the pipeline's modules and the part writer, the language model and dateparser's data,
and the pandas that pyarrow imports (when it is installed) the first time it converts
Python objects to an array, which every worker's first batch would otherwise pay for.

The fork server (and so every worker) ignores SIGTERM: a signal sent to the whole
process group must not end it before the run has ended its workers, or they would be
left to a parent that does not reap them. The run ends them all (``flows.orchestrate.pool``).
"""

import signal

import pyarrow as pa

from flows.clean.pipeline import warm_up
from flows.store import parts as parts

signal.signal(signal.SIGTERM, signal.SIG_IGN)
warm_up()
pa.array([])
