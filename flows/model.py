"""Plain data that flows between the stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RawFile:
    """One raw input: its path relative to the raw folder and its bytes."""

    source_file: str
    data: bytes
    source: str = "default"


@dataclass(frozen=True, slots=True)
class Removal:
    """A span that cleaning removed, with the name of the rule that removed it."""

    rule: str
    text: str
    line: int = -1
    detail: str | None = None  # why, beyond the rule's name (the content model's score); shown by explain

    def as_record(self) -> dict[str, str]:
        return {"rule": self.rule, "text": self.text}


@dataclass(slots=True, eq=False)
class Line:
    """One line of text on its way through cleaning.

    ``no`` is the 0-based line number in the decoded text, so removals and
    metadata can be traced back to the input (``docmill explain``). A line is itself
    (identity, not its fields): finding it in a list (``lines.index(line)``) compares
    no fields on the way.
    """

    no: int
    text: str
    heading: int = 0  # markdown heading level, 0 for none
    emphasis: bool = False  # the whole line was bold or italic
    list_item: bool = False
    links: int = 0  # number of links the line held
    link_chars: int = 0  # characters of link text
    separator: bool = False
    page_break: bool = False  # a blank line that was a form feed: a PDF dump's page ends here
    code: bool = False  # a line of a fenced code block: program text, never read for metadata
    removed_by: str | None = None
    meta: str | None = None  # the metadata field this line became

    @property
    def kept(self) -> bool:
        # ``not self.blank`` written out: the stages ask this of every line, many times over
        return self.removed_by is None and self.meta is None and bool(self.text) and not self.text.isspace()

    @property
    def blank(self) -> bool:
        return not self.text or self.text.isspace()  # as ``not text.strip()``, without copying the line


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its paragraphs; heading is None for text before the first one."""

    heading: str | None
    paragraphs: tuple[str, ...]


@dataclass(slots=True)
class Rejection:
    """An input or document that was quarantined, and why."""

    source_file: str
    stage: str
    reason: str
    detail: str | None = None
    part: int | None = None

    def as_record(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file,
            "part": self.part,
            "stage": self.stage,
            "reason": self.reason,
            "detail": self.detail,
        }


@dataclass(slots=True)
class Hints:
    """Metadata found outside the text itself (HTML head, source catalogue)."""

    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    date: str | None = None
    date_modified: str | None = None  # the structured date the page was last changed
    url: str | None = None
    language: str | None = None
    locale: str | None = None  # the page's language with its region, lower-cased ("en-gb"), when it names one
    section: str | None = None
    bylines: list[str] = field(default_factory=list)  # the texts of the page's visible byline elements, in order
    share_links: list[str] = field(default_factory=list)  # links whose query holds an address (sharing buttons)
    before_title: list[str] = field(default_factory=list)  # text blocks right before the page's headline
    after_title: list[str] = field(default_factory=list)  # and right after it (byline, date, standfirst); a
    # block's lines, as its <br> elements break it, joined by "\n"
    title_links: list[tuple[str, str]] = field(default_factory=list)  # (text, href) of links near the headline
    date_text: str | None = None  # the text of the page's visible date element ("Tuesday, 5 March 2024")
    page_title: str | None = None  # the page's <title>, as the browser's title bar shows it
    time_day: str | None = None  # the one day the page's own <time> elements show (not a comment's)
    shown_words: str | None = None  # the words a reader sees on the page, lower-cased and spaced; None: unknown
    lead: str | None = None  # the article's lead paragraph under the headline, named so by its class
