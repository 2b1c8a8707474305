"""``docmill explain FILE``: the raw text with every removal marked and named."""

from __future__ import annotations

from pathlib import Path

from flows.core.clean import clean_text
from flows.core.decode import decode_bytes, repair_text
from flows.core.htmlpage import extract_html, looks_like_html
from flows.core.metadata import extract_metadata
from flows.core.pipeline import HTML_SUFFIXES, _post_metadata_rules, compiled
from flows.core.segment import split_articles
from flows.io.config import load_config
from flows.io.rawstore import source_of


def explain_file(path: Path, raw_dir: Path | None = None) -> str:
    """Annotated text: '  ' kept, '- rule' removed, '= field' metadata, '~ rule' cut inside a line."""
    raw_dir = raw_dir or path.parent
    config = load_config(raw_dir)
    rel = path.resolve().relative_to(raw_dir.resolve()).as_posix() if path.resolve().is_relative_to(raw_dir.resolve()) else path.name
    source = source_of(rel, {n: s.paths for n, s in config.sources.items() if s.paths})
    rules, meta_rules = compiled(config, source)
    decoded = decode_bytes(path.read_bytes())
    text, repaired = repair_text(decoded.text)
    header = [f"# {rel}  (source {source}, encoding {decoded.encoding}{', mojibake repaired' if repaired else ''})"]
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
        text, _, removals = extract_html(text)
        header += [f"- {r.rule:<24} {r.text[:150]}" for r in removals]
    cleaned = clean_text(text, rules)
    for part in split_articles(cleaned.lines):
        meta = extract_metadata(part, meta_rules, ["en"])
        _post_metadata_rules(part, meta, cleaned, rules)
    inline: dict[int, list[str]] = {}
    for removal in cleaned.removals:
        inline.setdefault(removal.line, []).append(f"{removal.rule}: {removal.text[:80]}")
    out = header
    raw_lines = text.split("\n")
    for line in cleaned.lines:
        original = raw_lines[line.no]
        if line.removed_by:
            out.append(f"- {line.removed_by:<24} {original}")
        elif line.meta:
            out.append(f"= {line.meta:<24} {original}")
        else:
            out.append(f"  {'':<24} {original}")
            for cut in inline.get(line.no, []):
                if not cut.startswith(line.removed_by or "\0"):
                    out.append(f"~ {cut}")
    return "\n".join(out)
