"""Dataset-level metadata shared by every publication file.

:func:`dataset_meta` derives it from the run manifest (``run_id``,
``docmill_version``, ``schema_version``, optional timestamps and an optional
``dataset`` block that overrides the defaults) and from the stats dict (the
licences, languages and sources actually present in the data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Manifest keys tried, in order, for the run's timestamp (ISO 8601).
TIMESTAMP_KEYS: tuple[str, ...] = (
    "finished",
    "finished_at",
    "created_at",
    "created",
    "generated_at",
    "started_at",
)

#: Licence identifiers (lower case) that Hugging Face accepts in a card's ``license``,
#: mapped to their canonical URL. Anything else is published as ``other``.
KNOWN_LICENCES: Mapping[str, str] = {
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-nc-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "cc-by-nc-sa-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "cc-by-nd-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "cc-by-nc-nd-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "cc-by-3.0": "https://creativecommons.org/licenses/by/3.0/",
    "cc-by-sa-3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
    "odc-by": "https://opendatacommons.org/licenses/by/1-0/",
    "odbl": "https://opendatacommons.org/licenses/odbl/1-0/",
    "pddl": "https://opendatacommons.org/licenses/pddl/1-0/",
    "mit": "https://spdx.org/licenses/MIT.html",
    "apache-2.0": "https://www.apache.org/licenses/LICENSE-2.0",
}

DEFAULT_NAME = "docmill-corpus"
DEFAULT_PRETTY_NAME = "docmill corpus"
DEFAULT_DESCRIPTION = (
    "Articles scraped from the web and cleaned by docmill: boilerplate removed (every "
    "removed span kept with the rule that removed it), metadata extracted (title, "
    "authors, publisher, date, URL, language, section), bodies split into sections and "
    "paragraphs, near-duplicates flagged. One row per document in `documents`, one row "
    "per paragraph in `paragraphs`, every quarantined input in `rejects`."
)
DEFAULT_CREATOR = "docmill"
LICENCE_STATEMENT = (
    "Texts remain under the terms of their publishers; the licence of each document, "
    "when known, is in its `licence` column."
)


@dataclass(frozen=True)
class DatasetMeta:
    """What the Croissant file, the Data Package, the card and the report say about the dataset."""

    name: str
    pretty_name: str
    description: str
    version: str
    run_id: str
    docmill_version: str
    schema_version: str
    timestamp: str | None
    url: str | None  # the dataset's home page, when the manifest names one
    creator: str
    licence_id: str  # a KNOWN_LICENCES key, "unknown" or "other"
    licence_url: str | None
    licence_note: str
    languages: tuple[str, ...]
    citation: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def date_published(self) -> str | None:
        """The date part (YYYY-MM-DD) of the run timestamp, if any."""
        if not self.timestamp:
            return None
        match = re.match(r"\d{4}-\d{2}-\d{2}", self.timestamp)
        return match.group(0) if match else None


def slug(text: str) -> str:
    """Lower-case ``[a-z0-9-]`` slug of *text* (at least one character)."""
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value or "dataset"


def manifest_timestamp(manifest: Mapping[str, Any]) -> str | None:
    """The run's timestamp from the manifest, or None when it records none."""
    for key in TIMESTAMP_KEYS:
        value = manifest.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def normalise_licence(value: str | None) -> str | None:
    """Map a catalogue licence string to a KNOWN_LICENCES key, or None if unknown."""
    if not value:
        return None
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    key = key.removeprefix("https://").removeprefix("http://")
    aliases = {"cc0": "cc0-1.0", "cc-by": "cc-by-4.0", "cc-by-sa": "cc-by-sa-4.0", "public-domain": "pddl"}
    key = aliases.get(key, key)
    if key in KNOWN_LICENCES:
        return key
    for known, url in KNOWN_LICENCES.items():
        if key.rstrip("/") == url.removeprefix("https://").rstrip("/"):
            return known
    return None


def dataset_licence(stats: Mapping[str, Any]) -> tuple[str, str | None, str]:
    """(licence id, licence URL, note) for the whole dataset from per-source licences.

    One known licence shared by every document gives that licence; no licence at all
    gives ``unknown``; anything else (mixed or free-text licences) gives ``other``
    with a note naming them.
    """
    found: set[str] = set()
    for source in stats.get("sources", []):
        found.update(source.get("licences", []))
    named = sorted(lic for lic in found if lic != "(none)")
    if not named:
        return "unknown", None, "No licence is recorded for these texts. " + LICENCE_STATEMENT
    keys = {normalise_licence(lic) for lic in named}
    if len(keys) == 1 and None not in keys and "(none)" not in found:
        key = next(iter(keys))
        assert key is not None
        return key, KNOWN_LICENCES[key], f"All documents are published under {named[0]}."
    return "other", None, "Licences vary by source: " + ", ".join(named) + ". " + LICENCE_STATEMENT


def dataset_languages(stats: Mapping[str, Any]) -> tuple[str, ...]:
    """ISO 639-1 codes present in the data, most documents first."""
    codes = []
    for row in stats.get("languages", []):
        code = str(row.get("language", ""))
        if re.fullmatch(r"[a-z]{2,3}", code) and code not in {"und", "mul", "zxx"}:
            codes.append(code)
    return tuple(codes)


def citation(name: str, pretty_name: str, creator: str, version: str, year: str | None, url: str | None) -> str:
    """A BibTeX ``@misc`` entry for the dataset."""
    key = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_") + (f"_{year}" if year else "")
    lines = [
        f"@misc{{{key},",
        f"  title = {{{pretty_name}}},",
        f"  author = {{{creator}}},",
    ]
    if year:
        lines.append(f"  year = {{{year}}},")
    lines.append(f"  version = {{{version}}},")
    if url:
        lines.append(f"  howpublished = {{\\url{{{url}}}}},")
    lines.append("  note = {Produced with docmill}")
    lines.append("}")
    return "\n".join(lines)


def manifest_version(manifest: Mapping[str, Any], name: str) -> str | None:
    """A version from the manifest: ``<name>_version`` or ``versions.<name>``."""
    value = manifest.get(f"{name}_version")
    if not value and isinstance(manifest.get("versions"), Mapping):
        value = manifest["versions"].get(name)
    return str(value) if value else None


def dataset_meta(manifest: Mapping[str, Any], stats: Mapping[str, Any]) -> DatasetMeta:
    """Build the :class:`DatasetMeta` for a run from its manifest and stats dict."""
    overrides: Mapping[str, Any] = manifest.get("dataset") or {}
    pretty_name = str(overrides.get("pretty_name") or DEFAULT_PRETTY_NAME)
    name = slug(str(overrides.get("name") or DEFAULT_NAME))
    schema_version = manifest_version(manifest, "schema") or "1.0.0"
    version = str(overrides.get("version") or schema_version)
    timestamp = manifest_timestamp(manifest)
    creator = str(overrides.get("creator") or DEFAULT_CREATOR)
    url = str(overrides["url"]) if overrides.get("url") else None
    licence_id, licence_url, licence_note = dataset_licence(stats)
    if overrides.get("licence"):
        key = normalise_licence(str(overrides["licence"]))
        licence_id = key or "other"
        licence_url = KNOWN_LICENCES.get(key or "")
        licence_note = f"Published under {overrides['licence']}."
    year = timestamp[:4] if timestamp and re.match(r"\d{4}", timestamp) else None
    return DatasetMeta(
        name=name,
        pretty_name=pretty_name,
        description=str(overrides.get("description") or DEFAULT_DESCRIPTION),
        version=version,
        run_id=str(manifest.get("run_id") or ""),
        docmill_version=manifest_version(manifest, "docmill") or "",
        schema_version=schema_version,
        timestamp=timestamp,
        url=url,
        creator=creator,
        licence_id=licence_id,
        licence_url=licence_url,
        licence_note=licence_note,
        languages=dataset_languages(stats),
        citation=str(overrides.get("citation") or citation(name, pretty_name, creator, version, year, url)),
        extra=dict(overrides),
    )
