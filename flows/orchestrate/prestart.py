"""The workers' fork server, started as early as the command knows it will run.

Kept apart from ``pool`` (which imports the batch code) so that the command can start
it before it loads anything heavy: the fork server imports and warms the pipeline
(seconds of work) beside the command's own start-up (the catalogue, Prefect) instead
of before the first batch.
"""

from __future__ import annotations

import multiprocessing

PRELOAD = "flows.store.prefork"


def start_fork_server() -> None:
    """Start the fork server now. Idempotent; ``WorkerPool`` starts it anyway when needed.

    It ends with this process: the fork server exits when the pipe to its parent closes.
    """
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload([PRELOAD])
    forkserver.ensure_running()
