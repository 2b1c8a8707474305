"""What docmill may write and delete: the output lock and the checks made before a run starts.

docmill only ever deletes what it wrote. ``--out`` must be missing, empty, or a docmill
output (a ``manifest.json`` of ours); any other folder is refused unless the user allows
it, and then only the names docmill writes (``OWN_NAMES``) are replaced: every other
entry of the folder is carried into the new output unchanged. ``--out`` and ``--raw``
may not contain each other. Everything here is cheap (no pyarrow, no Prefect): the CLI
runs these checks before anything heavy is imported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flows.errors import OutputError, UsageError

#: Top-level names docmill writes in an output folder: the datasets, the state, the
#: manifest and the publications. Nothing else in ``--out`` is docmill's.
OWN_NAMES = frozenset({"documents", "paragraphs", "rejects", "jsonld", "state", "manifest.json",
                       "croissant.json", "datapackage.json", "README.md", "report.html"})
#: Written in a staging folder as soon as it exists: only folders holding it (or a
#: manifest of ours) are removed as stale.
STAGING_MARK = ".docmill-staging"


def is_own_name(name: str) -> bool:
    """A top-level entry docmill writes: one of ``OWN_NAMES`` or a temporary file of one of them."""
    if name in OWN_NAMES or name == STAGING_MARK:
        return True
    return name.startswith(".") and name.endswith(".tmp") and any(
        name.startswith(f".{own}.") for own in OWN_NAMES)


def is_docmill_output(folder: Path) -> bool:
    """True when ``folder`` holds a manifest docmill wrote (a run id, docmill's version, a file list)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(manifest, dict) and isinstance(manifest.get("run_id"), str)
            and isinstance(manifest.get("versions"), dict) and "docmill" in manifest["versions"]
            and isinstance(manifest.get("files"), list))


#: Files a version-control checkout keeps in an otherwise empty folder (this repository's
#: ``output/`` holds one): an output folder holding only these is written like one that
#: allows foreign files, so they stay as they are.
PLACEHOLDERS = frozenset({".gitkeep", ".keep"})


def holds_only_placeholders(out: str | Path) -> bool:
    """True when ``out`` is a local folder whose only entries are ``PLACEHOLDERS``."""
    try:
        with os.scandir(out) as entries:
            names = [entry.name for entry in entries]
    except OSError:  # missing, not a folder, unreadable, or a remote URL
        return False
    return bool(names) and all(name in PLACEHOLDERS for name in names)


def check_output_folder(out: Path, allow_foreign: bool = False) -> None:
    """Refuse an ``--out`` docmill must not replace.

    Missing, empty and docmill outputs are fine. A folder holding anything else is
    refused unless ``allow_foreign``; even then, a user's entry bearing a name docmill
    writes (``README.md``, ``documents/``…) is refused, since the run would replace it.
    """
    if out.is_symlink():  # the swap would replace the link, not the folder: callers pass the target
        raise UsageError(f"--out {out} is a symbolic link; give the folder it points to")
    if not out.exists():
        return
    if not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    try:
        names = sorted(entry.name for entry in os.scandir(out))
    except OSError as exc:
        raise UsageError(f"cannot read --out {out}: {exc.strerror}") from None
    if not names or is_docmill_output(out):
        return
    if not allow_foreign:
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        raise UsageError(f"--out {out} is not a docmill output and not empty (it holds {shown}); docmill replaces "
                         "its output folder, so choose a new or empty folder, or pass --allow-foreign-out to keep "
                         "its files and add docmill's beside them")
    clashes = [name for name in names if is_own_name(name)]
    if clashes:
        raise UsageError(f"--out {out} is not a docmill output and holds {', '.join(clashes)}, which docmill "
                         "would replace; move them away or choose another folder")


def check_apart(raw: Path, out: Path) -> None:
    """Refuse ``--out`` equal to, inside or above ``--raw`` (symlinks resolved): a run would
    replace its own input, or read its own output as input."""
    raw_real, out_real = raw.resolve(), out.resolve()
    if raw_real == out_real:
        raise UsageError(f"--out {out} is the raw folder {raw}: give a separate output folder")
    if out_real.is_relative_to(raw_real):
        raise UsageError(f"--out {out} is inside the raw folder {raw} ({out_real}): the next run would read "
                         "its own output as input; give a folder outside --raw")
    if raw_real.is_relative_to(out_real):
        raise UsageError(f"--out {out} holds the raw folder {raw} ({raw_real}): replacing it would delete the "
                         "raw files; give a folder outside --raw")


def check_raw_folder(raw: Path) -> None:
    """Refuse a raw folder that is missing, a file, or unreadable."""
    if not raw.exists():
        raise UsageError(f"raw folder {raw} does not exist")
    if not raw.is_dir():
        raise UsageError(f"--raw {raw} is a file, not a folder")
    try:
        with os.scandir(raw) as entries:
            next(entries, None)
    except OSError as exc:
        raise UsageError(f"cannot read raw folder {raw}: {exc.strerror}") from None


def check_output_to_validate(out: Path) -> None:
    """Refuse a folder to validate that is missing or a file."""
    if not out.exists():
        raise UsageError(f"output folder {out} does not exist")
    if not out.is_dir():
        raise UsageError(f"{out} is a file, not an output folder")


def check_file_to_explain(path: Path, raw_dir: Path | None) -> None:
    """Refuse a file to explain that is missing or a folder, and a ``--raw`` that is not a folder."""
    if not path.exists():
        raise UsageError(f"{path} does not exist")
    if path.is_dir():
        raise UsageError(f"{path} is a folder: explain takes one raw file (docmill explain FOLDER/FILE)")
    if raw_dir is not None and not raw_dir.is_dir():
        raise UsageError(f"--raw {raw_dir} is not a folder")


class OutputLock:
    """An exclusive lock on an output folder, naming its holder; stale locks are taken over.

    The lock file beside ``OUT`` holds the holder's pid, host, start time and a random
    token. The ``docmill`` command takes the lock before Prefect starts and hands the
    token to the flow: ``OutputLock(out, token=...)`` then adopts that lock instead of
    being refused by it (and leaves its removal to the command). Once the lock is held,
    ``OUT`` is checked (``check_output_folder``) so no run replaces a folder that is
    not docmill's.
    """

    def __init__(self, out_dir: Path, wait_seconds: float = 0.0, token: str | None = None,
                 allow_foreign: bool = False) -> None:
        self.out_dir = out_dir
        self.path = out_dir.parent / f".{out_dir.name}.lock"
        self.wait_seconds = wait_seconds
        self.token = token or uuid.uuid4().hex
        self.adopted = token is not None
        self.allow_foreign = allow_foreign

    def __enter__(self) -> OutputLock:
        if self.adopted:
            holder = self._holder()
            if holder is None or holder.get("token") != self.token:
                raise OutputError(f"the lock {self.path} handed to this run is no longer held")
        else:
            self._acquire()
        try:
            check_output_folder(self.out_dir, self.allow_foreign)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _acquire(self) -> None:
        deadline = time.monotonic() + self.wait_seconds
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)  # --out may name a folder not made yet
        except OSError as exc:
            raise OutputError(f"cannot create the folder of {self.path.parent}: {exc.strerror}") from None
        holder_info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "token": self.token,
                                  "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder is None or not _alive(holder):
                    self.path.unlink(missing_ok=True)  # stale: its process is gone
                    continue
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"output folder is locked by another docmill run (pid {holder.get('pid')} on "
                        f"{holder.get('host')}, started {holder.get('started')}); lock file {self.path}"
                    ) from None
                time.sleep(0.5)
                continue
            except OSError as exc:
                raise OutputError(f"cannot create lock {self.path}: {exc.strerror}") from None
            with os.fdopen(fd, "w") as handle:
                handle.write(holder_info)
            return

    def _holder(self) -> dict[str, Any] | None:
        try:
            return dict(json.loads(self.path.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def __exit__(self, *exc: object) -> None:
        if self.adopted:
            return  # the command that took the lock removes it
        holder = self._holder()
        if holder is None or holder.get("token") == self.token:
            self.path.unlink(missing_ok=True)


def _alive(holder: Mapping[str, Any]) -> bool:
    if holder.get("host") != socket.gethostname():
        return True  # cannot tell for another host: assume alive
    try:
        pid = int(holder.get("pid", 0))
    except (ValueError, TypeError):
        return True
    return pid_alive(pid)


def pid_alive(pid: int) -> bool:
    """True while process ``pid`` of this host exists (a zombie child of ours is reaped and is not)."""
    if pid <= 0:
        return True  # not a single process: cannot tell
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)  # reap it when it is our own child
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
