"""Load rule files, metadata labels, the JSON Schema and the source catalogue."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from flows.core.errors import RuleError
from flows.core.pipeline import PipelineConfig, SourceSettings
from flows.core.rules import compile_rules

PACKAGE_DIR = Path(__file__).resolve().parent.parent
RULES_DIR = PACKAGE_DIR / "rules"
SCHEMA_DIR = PACKAGE_DIR.parent / "schemas"
CATALOGUE_NAME = "sources.toml"


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; errors name the file and line."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path.name}: {exc}") from None


def load_schema(name: str = "document.schema.json") -> dict[str, Any]:
    return dict(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


def load_rules() -> list[dict[str, Any]]:
    """The global boilerplate rules, checked by compiling them."""
    rules = list(read_toml(RULES_DIR / "boilerplate.toml")["rule"])
    compile_rules(rules)
    return rules


def load_sources(raw_dir: Path) -> dict[str, SourceSettings]:
    """The optional source catalogue ``raw/sources.toml``."""
    path = raw_dir / CATALOGUE_NAME
    if not path.is_file():
        return {}
    data = read_toml(path)
    sources = {}
    for name, entry in data.get("source", {}).items():
        rules = entry.get("rules", {})
        sources[name] = SourceSettings(
            name=name,
            paths=tuple(_safe_path(path, name) for path in entry.get("paths", ())),
            publisher=entry.get("publisher"),
            homepage=entry.get("homepage"),
            language=entry.get("language"),
            licence=entry.get("licence"),
            section=entry.get("section"),
            date_order=entry.get("date_order"),
            date_languages=tuple(entry.get("date_languages", ())),
            rules_disable=tuple(rules.get("disable", ())),
            rules_extra=tuple(rules.get("extra", ())),
            overrides={k: dict(v) for k, v in entry.get("overrides", {}).items()},
        )
    return sources


def _safe_path(path: str, source: str) -> str:
    """A catalogue path must stay inside the raw folder."""
    if path.startswith(("/", "\\")) or ".." in Path(path).parts or ":" in path.split("/")[0]:
        raise RuleError(f"{CATALOGUE_NAME}: source {source!r}: path {path!r} reaches outside the raw folder")
    return path


def load_config(raw_dir: Path | None = None) -> PipelineConfig:
    """Everything the pure pipeline needs, read from the package and the raw folder."""
    return PipelineConfig(
        rules=tuple(load_rules()),
        metadata=read_toml(RULES_DIR / "metadata.toml"),
        schema=load_schema(),
        sources=load_sources(raw_dir) if raw_dir else {},
    )
