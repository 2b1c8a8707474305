"""The per-file pipeline is pure: no file, socket or process event while it cleans.

The import contracts (``make lint``) keep I/O modules out of the core's imports; this
test checks behaviour. It runs ``process_file`` over the seeds and the golden cases
under ``sys.addaudithook`` in a separate interpreter (an audit hook cannot be removed)
and fails on any event that opens a file, touches a socket or starts a process.
Libraries load their data lazily on first use (dateparser's languages, time zones), so
a first pass over the same inputs warms them; the checked pass must then do no I/O.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import sys
from pathlib import Path

from flows.clean.pipeline import process_file, warm_up
from flows.model import RawFile
from flows.store.config import load_config

config = load_config(Path("raw"))
paths = sorted(Path("raw").glob("*.txt")) + sorted(Path("tests/cases").glob("*/input.*"))
files = [RawFile(path.as_posix(), path.read_bytes()) for path in paths]
# the same texts as markdown and as an HTML page: every input kind's code path
files += [RawFile(f.source_file + ".md", f.data) for f in files[:5]]
files += [RawFile("page.html", b"<html><head><title>A page</title></head><body><article><h1>A page</h1>"
                  + b"<p>Some words of an article that go on for a while.</p>" * 20 + b"</article></body></html>")]
warm_up()
for raw in files:
    process_file(raw, config)

WATCHED = ("open", "os.open", "socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.fork",
           "os.spawn", "os.remove", "os.unlink", "os.rename", "os.mkdir", "os.rmdir", "shutil.", "urllib.", "http.")
events = []


def hook(event, args):
    if event.startswith(WATCHED):
        events.append(f"{event} {str(args)[:200]}")


sys.addaudithook(hook)
documents = sum(len(process_file(raw, config).documents) for raw in files)
print(documents)
for event in events:
    print("EVENT", event)
"""


def test_the_pipeline_does_no_io_while_cleaning() -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert int(lines[0]) >= 30  # the seeds and the cases did become documents
    assert [line for line in lines[1:] if line.startswith("EVENT")] == []
