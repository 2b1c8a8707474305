"""``docmill explain FILE``: the raw text with every removal marked and named."""

from __future__ import annotations

from pathlib import Path

from flows.clean.pipeline import trace_file
from flows.errors import UsageError
from flows.model import RawFile
from flows.store.config import load_config
from flows.store.guard import check_file_to_explain
from flows.store.rawstore import source_of


def explain_file(path: Path, raw_dir: Path | None = None) -> str:
    """Annotated text: '  ' kept, '- rule' removed, '= field' metadata, '~ rule' cut inside a line.

    The lines come from the same stages a run applies (``trace_file``), with the
    file's source rules and settings, so the explanation is what the run did.
    """
    check_file_to_explain(path, raw_dir)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    raw_dir = raw_dir or path.parent
    config = load_config(raw_dir)
    inside = path.resolve().is_relative_to(raw_dir.resolve())
    rel = path.resolve().relative_to(raw_dir.resolve()).as_posix() if inside else path.name
    source = source_of(rel, config.source_paths)
    trace = trace_file(RawFile(rel, data, source), config)
    out = [f"# {rel}  (source {source}, encoding {trace.encoding}{', mojibake repaired' if trace.repaired else ''})"]
    out += [f"- {r.rule:<24} {r.text[:150]}" for r in trace.html_removals]
    if trace.cleaned is None:
        return "\n".join(out)
    inline: dict[int, list[str]] = {}
    details: dict[int, str] = {}  # the content model's score of each line it removed
    for removal in trace.cleaned.removals:
        if removal.detail:
            details[removal.line] = removal.detail
            continue
        inline.setdefault(removal.line, []).append(f"{removal.rule}: {removal.text[:80]}")
    raw_lines = trace.text.split("\n")
    for line in trace.cleaned.lines:
        original = raw_lines[line.no]
        if line.removed_by and not line.blank:
            why = f"{line.removed_by} ({details[line.no]})" if line.no in details else line.removed_by
            out.append(f"- {why:<24} {original}")
            continue
        out.append(f"= {line.meta:<24} {original}" if line.meta and not line.blank else f"  {'':<24} {original}")
        out += [f"~ {cut}" for cut in inline.get(line.no, [])]
    return "\n".join(out)
