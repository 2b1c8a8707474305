"""The frozen settings types every layer shares: sources, deduplication, the pipeline.

They sit at the bottom of the package: plain, picklable data that the store builds
from the rule files and the catalogue, and that the pure stages read.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson


@dataclass(frozen=True)
class DedupSettings:
    """How duplicates are found (``flows/rules/dedup.toml``)."""

    enabled: bool = True
    shingle_words: int = 5  # words per shingle
    threshold: float = 0.7  # estimated Jaccard similarity of shingle sets at or above which documents are near-duplicates
    num_perm: int = 128  # MinHash permutations (signature size: 4 bytes each)
    seed: int = 1  # MinHash seed: signatures are comparable only with the same seed
    min_words: int = 30  # shorter documents are only checked for exact duplicates

    def __post_init__(self) -> None:
        if not 1 <= self.shingle_words <= 50:
            raise ValueError("shingle_words must be between 1 and 50")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be above 0 and at most 1")
        if not 16 <= self.num_perm <= 1024:
            raise ValueError("num_perm must be between 16 and 1024")
        if self.min_words < 0:
            raise ValueError("min_words must not be negative")



@dataclass(frozen=True)
class GateSettings:
    """Limits hostile input meets (``flows/rules/gates.toml``, used by ``flows.clean.gates``
    and ``flows.clean.htmlpage``)."""

    max_html_depth: int = 200  # HTML nesting kept; deeper wrapper tags are dropped before parsing
    max_title_chars: int = 300  # a longer title is cut at a sentence or word end, or dropped
    max_debris_share: float = 0.5  # share of a body's non-space characters that may be markup debris
    max_chars_per_word: float = 40.0  # a body's non-space characters per word

    def __post_init__(self) -> None:
        if not 16 <= self.max_html_depth <= 230:
            raise ValueError("max_html_depth must be between 16 and 230 (lxml drops what lies deeper than 256)")
        if not 20 <= self.max_title_chars <= 300:
            raise ValueError("max_title_chars must be between 20 and 300 (the document schema's maxLength)")
        if not 0.0 < self.max_debris_share <= 1.0:
            raise ValueError("max_debris_share must be above 0 and at most 1")
        if self.max_chars_per_word < 5:
            raise ValueError("max_chars_per_word must be at least 5")


@dataclass(frozen=True)
class SourceSettings:
    """What the catalogue says about one source (all optional)."""

    name: str = "default"
    paths: tuple[str, ...] = ()  # folders or globs under the raw folder
    publisher: str | None = None
    homepage: str | None = None
    language: str | None = None
    licence: str | None = None
    section: str | None = None
    date_order: str | None = None
    date_languages: tuple[str, ...] = ()
    rules_disable: tuple[str, ...] = ()
    rules_extra: tuple[Mapping[str, Any], ...] = ()
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # source_file → fields


@dataclass(frozen=True)
class PipelineConfig:
    """Everything the pure pipeline needs, as plain (picklable) data."""

    rules: tuple[Mapping[str, Any], ...]
    metadata: Mapping[str, Any]
    schema: Mapping[str, Any]
    sources: Mapping[str, SourceSettings] = field(default_factory=dict)
    code_version: str = ""  # digest of the pipeline's code, set by the io layer
    dedup: DedupSettings = field(default_factory=DedupSettings)
    gates: GateSettings = field(default_factory=GateSettings)
    content_model: Mapping[str, Any] = field(default_factory=dict)  # flows/rules/content_model.json (weights)

    def __repr__(self) -> str:  # the rules, vocabularies and weights run to tens of kB: name them, do not print them
        return (f"PipelineConfig({len(self.rules)} rules, {len(self.sources)} source(s), "
                f"code {self.code_version or '-'}, fingerprint {self.base_fingerprint})")

    @property
    def source_paths(self) -> dict[str, tuple[str, ...]]:
        """The catalogue's path patterns by source, sources without paths left out: what a raw
        file's path is matched against to find its source (``flows.store.rawstore.source_of``)."""
        return {name: source.paths for name, source in self.sources.items() if source.paths}

    @functools.cached_property
    def fingerprint(self) -> str:
        """Changes whenever rules, metadata labels, schema, sources or code change."""
        return _digest([self.base_fingerprint, sorted(self.sources.items())])

    @functools.cached_property
    def base_fingerprint(self) -> str:
        """What shapes every document whatever its source: rules, labels, schema, code, dedup settings."""
        return _digest([self.rules, self.metadata, self.schema, self.code_version, self.dedup,
                        self.gates, self.content_model])

    def file_fingerprint(self, source: str, source_file: str) -> str:
        """What one file's documents depend on besides its bytes (incremental refresh key).

        The base fingerprint, the file's source settings (not its ``paths``) and the
        override for this very file: editing one source's rules or one file's override
        reprocesses exactly the files concerned.
        """
        settings = self.source(source)
        own = {k: getattr(settings, k) for k in settings.__dataclass_fields__ if k not in ("paths", "overrides")}
        return _digest([self.base_fingerprint, own, settings.overrides.get(source_file)])

    def source(self, name: str) -> SourceSettings:
        return self.sources.get(name) or SourceSettings(name=name)


def _digest(value: Any) -> str:
    payload = orjson.dumps(value, option=orjson.OPT_SORT_KEYS, default=_jsonable)
    return hashlib.sha256(payload).hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {k: getattr(value, k) for k in value.__dataclass_fields__}
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    raise TypeError(type(value))


