"""Load rule files, metadata labels, the JSON Schemas and the source catalogue.

The catalogue ``raw/sources.toml`` is checked against ``schemas/sources.schema.json``
(JSON Schema 2020-12) before anything runs; every problem is reported with the file,
the line it sits on (found by searching the TOML text for the offending key) and
what is wrong, so a typo never silently changes what a run does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jsonschema

import flows
from flows.clean.rules import compile_rules, compile_source_rules
from flows.config import DedupSettings, GateSettings, PipelineConfig, SourceSettings
from flows.errors import RuleError

# RE2 logs a bad pattern to stderr before raising; the RuleError raised for it says it better.
logging.getLogger("absl").setLevel(logging.CRITICAL)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
RULES_DIR = PACKAGE_DIR / "rules"
SCHEMA_DIR = PACKAGE_DIR.parent / "schemas"
CATALOGUE_NAME = "sources.toml"
GLOB_CHARS = "*?["
T = TypeVar("T")


@dataclass(frozen=True)
class Schedule:
    """When ``docmill serve`` refreshes: a cron expression or an interval (seconds)."""

    cron: str | None = None
    interval: int | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class Catalogue:
    """What ``raw/sources.toml`` says: the sources and the refresh schedule."""

    sources: Mapping[str, SourceSettings] = field(default_factory=dict)
    schedule: Schedule = field(default_factory=Schedule)


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; errors name the file and line."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: {exc}") from None


def load_schema(name: str = "document.schema.json") -> dict[str, Any]:
    return dict(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


def load_rules() -> list[dict[str, Any]]:
    """The global boilerplate rules, checked by compiling them."""
    rules = list(read_toml(RULES_DIR / "boilerplate.toml")["rule"])
    compile_rules(rules)
    return rules


def _load_settings(name: str, cls: type[T]) -> T:
    """The ``[name]`` table of ``flows/rules/NAME.toml`` as ``cls``; a bad value is refused with its file."""
    path = RULES_DIR / f"{name}.toml"
    try:
        return cls(**read_toml(path).get(name, {}))
    except (TypeError, ValueError) as exc:
        raise RuleError(f"{path}: {exc}") from None


def load_gates() -> GateSettings:
    """Sanity-gate limits (``flows/rules/gates.toml``)."""
    return _load_settings("gates", GateSettings)


def load_content_model() -> tuple[dict[str, Any], dict[str, Any]]:
    """The content model's rule record and its learned weights (``flows/rules/content_model.json``).

    The rule (name ``content-model``, structural, its thresholds as params) joins the
    boilerplate rules, so a source can disable it or override its params by name; the
    weights go to ``PipelineConfig.content_model`` as plain data.
    """
    path = RULES_DIR / "content_model.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dict(data["rule"]), dict(data["model"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuleError(f"{path}: {exc}") from None


def load_metadata() -> dict[str, Any]:
    """Metadata settings (``flows/rules/metadata.toml``) with the words of every language
    (``flows/rules/lang/*.toml``) under ``languages``, keyed by file name."""
    metadata = read_toml(RULES_DIR / "metadata.toml")
    metadata["languages"] = {path.stem: read_toml(path) for path in sorted((RULES_DIR / "lang").glob("*.toml"))}
    return metadata


def load_dedup() -> DedupSettings:
    """Deduplication settings (``flows/rules/dedup.toml``)."""
    return _load_settings("dedup", DedupSettings)


def code_version() -> str:
    """A digest of docmill's version and the code that shapes documents.

    That is the cleaning stages (``flows/clean``, the record export among them), the
    collection steps (``flows/collection``) and the shared data types; not the
    publications, which shape no document.

    It is part of every file's refresh key: after an upgrade or a change to the
    cleaning code, an incremental run reprocesses everything.
    """
    digest = hashlib.sha256(flows.__version__.encode())
    paths = [*sorted((PACKAGE_DIR / "clean").glob("*.py")), *sorted((PACKAGE_DIR / "collection").glob("*.py"))]
    paths += [PACKAGE_DIR / name for name in ("config.py", "errors.py", "model.py")]
    for path in paths:
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------------- catalogue
def load_catalogue(raw_dir: Path, rule_names: Sequence[str] | None = None) -> Catalogue:
    """The optional source catalogue ``raw/sources.toml``, validated.

    Raises ``RuleError`` naming the file, the line and the problem when the catalogue
    does not satisfy ``schemas/sources.schema.json``, names a path outside the raw
    folder or through a symbolic link, or disables a rule that does not exist.
    """
    path = raw_dir / CATALOGUE_NAME
    if path.is_symlink():
        raise RuleError(f"{path}: the catalogue is a symbolic link; refusing to follow it")
    if not path.is_file():
        return Catalogue()
    text = path.read_text(encoding="utf-8", errors="replace")
    data = _plain(read_toml(path))
    problems = sorted(_describe(error, text) for error in _validator().iter_errors(data))
    if problems:
        raise RuleError(f"{path}: invalid catalogue ({len(problems)} problem(s)):\n  "
                        + "\n  ".join(message for _, message in problems))
    known_rules = set(rule_names if rule_names is not None else (r["name"] for r in load_rules()))
    sources = {}
    for name, entry in data.get("source", {}).items():
        rules = entry.get("rules", {})
        where = _Where(path, text, ("source", name))
        paths = tuple(_safe_path(p, name, where.at("paths")) for p in entry["paths"])
        for rel in paths:
            _refuse_symlinks(raw_dir, rel, name, where.at("paths"))
        own = {r["name"] for r in rules.get("extra", ())}
        unknown = [r for r in rules.get("disable", ()) if r not in known_rules | own]
        if unknown:
            raise RuleError(f"{where.at('rules', 'disable')}: source {name!r}: cannot disable unknown rule(s) "
                            f"{', '.join(map(repr, unknown))} (see flows/rules/boilerplate.toml)")
        overrides = {}
        for rel, fields in entry.get("overrides", {}).items():
            _safe_path(rel, name, where.at("overrides", rel))
            overrides[rel] = dict(fields)
            if "date_published" in fields:
                try:
                    overrides[rel]["date_published"] = dt.date.fromisoformat(fields["date_published"])
                except ValueError:
                    raise RuleError(f"{where.at('overrides', rel, 'date_published')}: source {name!r}: "
                                    f"{fields['date_published']!r} is not a calendar date (YYYY-MM-DD)") from None
        sources[name] = SourceSettings(
            name=name,
            paths=paths,
            publisher=entry.get("publisher"),
            homepage=entry.get("homepage"),
            language=entry.get("language"),
            licence=entry.get("licence"),
            section=entry.get("section"),
            date_order=entry.get("date_order"),
            date_languages=tuple(entry.get("date_languages", ())),
            rules_disable=tuple(rules.get("disable", ())),
            rules_extra=tuple(rules.get("extra", ())),
            overrides=overrides,
        )
    schedule = data.get("schedule", {})
    return Catalogue(sources, Schedule(schedule.get("cron"), schedule.get("interval"), schedule.get("timezone")))


def load_sources(raw_dir: Path) -> dict[str, SourceSettings]:
    """The sources of the catalogue ``raw/sources.toml`` (empty when there is none)."""
    return dict(load_catalogue(raw_dir).sources)


def check_rules(config: PipelineConfig) -> None:
    """Compile every source's rules (and the metadata patterns they run with) now, so a bad
    pattern stops the run before it starts; as ``flows.clean.pipeline.compiled`` compiles them,
    without loading the rest of the cleaning code into the command's process."""
    if not config.sources:
        return
    from flows.clean.metadata import compile_metadata

    for settings in config.sources.values():
        try:
            compile_source_rules(config.rules, settings)
        except RuleError as exc:
            raise RuleError(f"{CATALOGUE_NAME}: source {settings.name!r}: {exc}") from None
    compile_metadata(config.metadata)  # the same patterns for every source


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema("sources.schema.json"))


def _plain(value: Any) -> Any:
    """TOML dates and times as ISO strings, so the JSON Schema can check them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _describe(error: jsonschema.ValidationError, text: str) -> tuple[int, str]:
    """(line, 'line N: source.x.language: what is wrong (expected what)')."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        if extra:
            path.append(extra[0])
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        path.append(error.instance)
    line = locate(text, path)
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(top level)"
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    message = error.message if len(error.message) < 300 else error.message[:300] + "…"
    return line or 0, f"line {line or '?'}: {where}: {message}" + (f" (expected {hint})" if hint else "")


class _Where:
    """A file, its text and a key path: formats 'FILE, line N' for an error."""

    def __init__(self, path: Path, text: str, keys: Sequence[str | int]) -> None:
        self.path, self.text, self.keys = path, text, tuple(keys)

    def at(self, *keys: str | int) -> str:
        line = locate(self.text, [*self.keys, *keys])
        return f"{self.path}, line {line}" if line else str(self.path)


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _key_parts(dotted: str) -> list[str]:
    """'source."a b".rules' → ['source', 'a b', 'rules']."""
    return [p.strip().strip("\"'") for p in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', dotted)]


def locate(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of ``text`` (TOML) where the key ``path`` is written, best effort.

    Finds the deepest table header that is a prefix of ``path``, then searches that
    table for the remaining keys in order (``key =``, ``"key" =``, ``key.sub =`` or
    ``key = {``… inside inline tables). Array indexes are skipped.
    """
    keys = [str(p) for p in path if not isinstance(p, int)]
    lines = text.splitlines()
    start, depth, end = 0, 0, len(lines)
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if not match:
            continue
        parts = _key_parts(match.group(1))
        if len(parts) > depth and keys[: len(parts)] == parts:
            start, depth = number, len(parts)
    for number in range(start + 1, len(lines)):
        if _HEADER.match(lines[number]):
            end = number
            break
    found = start + 1 if depth else None
    cursor = start + (1 if depth else 0)
    for key in keys[depth:]:
        pattern = re.compile(rf"(?:^|[\s{{,.])(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*[=.]")
        for number in range(cursor, end):
            if pattern.search(lines[number]):
                found, cursor = number + 1, number
                break
    return found


def _safe_path(path: str, source: str, where: str = CATALOGUE_NAME) -> str:
    """A catalogue path must stay inside the raw folder."""
    if path.startswith(("/", "\\")) or ".." in Path(path).parts or ":" in path.split("/")[0]:
        raise RuleError(f"{where}: source {source!r}: path {path!r} reaches outside the raw folder")
    return path


def _refuse_symlinks(raw_dir: Path, rel: str, source: str, where: str) -> None:
    """No folder a catalogue path names (up to its first glob character) may be a symlink."""
    literal = rel.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0]
    current = raw_dir
    for part in Path(literal).parts:
        current = current / part
        if current.is_symlink():
            raise RuleError(f"{where}: source {source!r}: path {rel!r} goes through the symbolic link "
                            f"{current.relative_to(raw_dir).as_posix()!r}; symlinks are never followed")


def load_config(raw_dir: Path | None = None) -> PipelineConfig:
    """Everything the pure pipeline needs, read from the package and the raw folder."""
    content_rule, content_model = load_content_model()
    rules = (*load_rules(), content_rule)
    return PipelineConfig(
        rules=rules,
        metadata=load_metadata(),
        schema=load_schema(),
        sources=dict(load_catalogue(raw_dir, [str(r["name"]) for r in rules]).sources) if raw_dir else {},
        code_version=code_version(),
        dedup=load_dedup(),
        content_model=content_model,
        gates=load_gates(),
    )
