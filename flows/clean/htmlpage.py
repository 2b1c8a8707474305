"""Full HTML pages: main content to markdown-like text, metadata from the head.

Nothing is fetched and no file is read: the page arrives as a string and leaves as text.

How the main content is found (``extract_html``)
------------------------------------------------
1. **parse**: the page is parsed once with lxml (trafilatura's own loader). Only a tree
   that nests deeper than the configured limit (or comes near libxml2's own limit of 256
   levels, past which it silently drops markup) is flattened by ``limit_depth`` and
   parsed again; ``reaches_depth`` checks that with one XPath, so an ordinary page never
   pays for the tag scan.
2. **metadata**: docmill's own hints from the tree (``flows.clean.pagemeta``: JSON-LD,
   OpenGraph and other ``<meta>``, the visible byline and date), read before anything is
   removed.
3. **layout tables**: tables that only lay out the page (no caption, header cells or
   column groups; nested tables; a single row or column) become ``<div>`` blocks
   (Mozilla Readability's data-table test), so that an old table-layout page gives
   paragraphs, not one giant markdown table row; data tables stay tables.
4. **text**: trafilatura's main-content extractor in its standard mode (its fallback
   extractors on), markdown output with tables and links, comments dropped
   (``TRAFILATURA_OPTIONS``). Links stay markdown links so the text cleaner treats them
   like links in any other input (link density, the ``links`` column); headings stay
   ``#`` headings.
5. **removals**: every block of the page whose words are not in the extracted text is
   recorded under ``html-boilerplate`` (the largest fully dropped element,
   ``<tag#id.class>``), so ``docmill explain`` and the ``removed`` column show what the
   page lost.
6. **fallback**: when trafilatura gives nothing (too little text for it, or not HTML
   enough for its loader), the BeautifulSoup extractor (``extract_bs4``) runs.

Either way docmill's text cleaning (``flows.clean.boilerplate``) runs on the result.

Why trafilatura, with docmill's own hints beside it: it scores blocks by text and link
density and finds the story on pages where a tag-and-class extractor keeps a teaser
card or drops a ``layout-with-sidebar`` wrapper; its fallback extractors (readability,
jusText) rescue the pages its own pass gets wrong. It often leaves the headline out of
the text and guesses dates, so title, authors and dates come from ``pagemeta`` instead.
Standard mode rather than ``favor_precision``: text dropped here is lost, while docmill's
cleaning removes leftover boilerplate afterwards. ``fast=True`` (no fallback
extractors) is the speed option. Measurements: ``docs/performance.md``.

Purity: trafilatura reads its own ``settings.cfg`` once when imported; extraction itself
opens no file and no socket (checked with an audit hook in ``tests/test_html_eval.py``).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import trafilatura
from bs4 import BeautifulSoup, Comment, Tag, XMLParsedAsHTMLWarning
from lxml import etree
from lxml.html import Element as html_element
from lxml.html import HtmlElement, document_fromstring

from flows.clean.pagemeta import head_hints, leads
from flows.model import Hints, Removal

#: The trafilatura call docmill makes (see the module docstring for the settings tried).
TRAFILATURA_OPTIONS: Mapping[str, Any] = {
    "output_format": "markdown",
    "favor_precision": False,
    "favor_recall": False,
    "fast": False,
    "include_comments": False,
    "include_tables": True,
    "include_links": True,
    "include_images": False,
    "with_metadata": False,
    "deduplicate": False,
}

_CHROME_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer",
                "aside", "form", "button", "select", "input", "dialog", "menu", "object", "embed")
_CHROME_HINT = re.compile(
    r"cookie|consent|gdpr|banner|share|sharing|social|related|newsletter|subscribe|comment|breadcrumb|"
    r"menu|sidebar|advert|promo|popup|modal|paywall|pagination|tags|author-box|masthead|navbar|skip",
    re.IGNORECASE,
)
#: Elements that start a block of their own: a line (a paragraph) of the rendered page.
_BLOCKS = {"p", "div", "section", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
           "figcaption", "td", "th", "dt", "dd", "address", "time", "tr", "table", "ul", "ol", "figure",
           "article", "aside", "nav", "header", "footer", "main", "form", "dl", "details", "summary", "hgroup",
           "caption", "center", "fieldset", "hr", "body"}
_MARKUP = re.compile(r"<(?:html|head|body|div|p|article|section|span|a|table|br|meta|!doctype)\b", re.IGNORECASE)

#: An XML declaration, which lxml refuses at the head of a decoded string.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: Elements whose text never counts as page text (for the removals audit).
_NO_TEXT = {"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link", "iframe", "object", "embed"}
#: Elements that start a block of their own for the removals audit: form controls and table parts too.
_AUDIT_BLOCKS = _BLOCKS | {"button", "label", "select", "option", "textarea", "dialog", "menu", "tbody", "thead", "tfoot",
                           "legend"}
#: Words of a lead paragraph that, found in the extracted text, show it is already there.
_LEAD_WORDS = 8
#: Characters of a dropped element's text (whitespace collapsed) kept in its removal record.
_AUDIT_CHARS = 500
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_NON_WORD = re.compile(r"[\W_]+")


def looks_like_html(text: str) -> bool:
    """A text that is mostly markup (a saved page given a .txt name, say)."""
    head = text[:20000]
    tags = len(_MARKUP.findall(head))
    return tags >= 5 and head.count("<") * 12 > len(head) * 0.3


# --------------------------------------------------------------------------- nesting depth

#: Default of ``GateSettings.max_html_depth`` (``flows/rules/gates.toml``).
MAX_DEPTH = 200
#: Levels past ``max_depth`` where tags that open text (a paragraph, a link) are still kept,
#: so that the innermost paragraphs of a deep page keep their breaks; past them, every tag goes.
TEXT_TAG_ALLOWANCE = 16

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "basefont", "bgsound", "frame", "keygen", "command", "image", "isindex"})
#: Elements whose content is text to the parser, not tags.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"})
_RAW_END = {name: re.compile(f"</{name}", re.IGNORECASE) for name in _RAW_TEXT}
#: Inline elements: dropping one of them must not put a space inside a word.
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
                     "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "nobr"})
#: Tags that close open elements implicitly (HTML's optional end tags, as lxml's parser,
#: libxml2, applies them: fewer than HTML5 does), so that a list of 300 unclosed ``<li>``
#: reads as 300 siblings, not 300 levels: tag → what it closes. Closing less than the
#: parser only overcounts (more wrappers dropped, text kept); closing more would let a
#: page nest deeper than counted, so only verified cases are listed.
_P_CLOSERS = frozenset({"p", "form", "h1", "h2", "h3", "h4", "h5", "h6"})
_IMPLIED_CLOSE: Mapping[str, frozenset[str]] = {
    **{tag: frozenset({"p"}) for tag in _P_CLOSERS},
    "li": frozenset({"p", "li"}),
    "tr": frozenset({"p", "td", "th", "tr"}),
    "td": frozenset({"p", "td", "th"}),
    "th": frozenset({"p", "td", "th"}),
    "tbody": frozenset({"td", "th", "tr", "tbody"}),
    "option": frozenset({"option"}),
    "a": frozenset({"a"}),
}
#: libxml2's end-tag priorities: an end tag never closes an open element of higher priority.
_END_PRIORITY: Mapping[str, int] = {"div": 150, "td": 160, "th": 160, "tr": 170, "thead": 180, "tbody": 180,
                                    "tfoot": 180, "table": 190, "head": 200, "body": 200, "html": 220}
_CLOSE_SEARCH = 64
_TAG_START = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]{0,40})")


def limit_depth(page: str, max_depth: int = MAX_DEPTH) -> tuple[str, Removal | None]:
    """The page with its tags nested at most about ``max_depth`` deep, and what was dropped.

    One linear pass over the tags (no parsing, no recursion) follows their nesting as a
    parser would, closing what HTML closes implicitly, skipping comments and the content
    of scripts and styles. Past ``max_depth`` a wrapper tag (one whose content starts
    with another tag) is dropped with its end tag; a tag that opens text is kept for
    ``TEXT_TAG_ALLOWANCE`` more levels, then every tag is dropped. The text stays. A page
    within the limit comes back unchanged (the same string), with no removal.

    Why: lxml stops building the tree at 256 levels (losing the rest silently),
    BeautifulSoup's work grows quadratically with depth, and recursive tree walks
    hit Python's recursion limit near 1,000 levels.
    """
    if page.count("<") <= max_depth:  # fewer tags than levels: nothing to do
        return page, None
    stack: list[tuple[str, bool]] = []  # open elements: (name, kept)
    open_names: dict[str, int] = {}  # how many of each name are open
    depth = 0  # kept elements open
    drops: list[tuple[int, int, str]] = []  # spans of dropped tags: (start, end, name)

    def pop() -> bool:
        nonlocal depth
        name, kept = stack.pop()
        open_names[name] -= 1
        depth -= kept
        return kept

    pos, length = 0, len(page)
    while pos < length:
        lt = page.find("<", pos)
        if lt < 0:
            break
        if page.startswith("<!--", lt):
            end = page.find("-->", lt + 4)
            if end < 0:
                break
            pos = end + 3
            continue
        match = _TAG_START.match(page, lt)
        if match is None:
            pos = lt + 1
            continue
        gt = page.find(">", match.end())
        if gt < 0:
            break
        pos = gt + 1
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            if _closes(stack, open_names, name):
                while True:
                    top = stack[-1][0]
                    kept = pop()
                    if top == name:
                        break
                if not kept:
                    drops.append((lt, pos, name))
            continue
        if name in _VOID or page[gt - 1] == "/":
            continue
        if name in _RAW_TEXT:
            end_tag = _RAW_END[name].search(page, pos)
            if end_tag is None:
                break
            pos = end_tag.start()  # its end tag is read next, and ignored: the element was never opened here
            continue
        closes = _IMPLIED_CLOSE.get(name)
        while closes and stack and stack[-1][0] in closes:
            pop()
        keep = depth < max_depth or (depth < max_depth + TEXT_TAG_ALLOWANCE and not _opens_tag(page, pos))
        stack.append((name, keep))
        open_names[name] = open_names.get(name, 0) + 1
        if keep:
            depth += 1
        else:
            drops.append((lt, pos, name))
    if not drops:
        return page, None
    pieces, last = [], 0
    for start, end, name in drops:
        pieces.append(page[last:start])
        pieces.append("" if name in _INLINE else " ")
        last = end
    pieces.append(page[last:])
    counts: dict[str, int] = {}
    for start, _, name in drops:
        if page[start + 1] != "/":
            counts[name] = counts.get(name, 0) + 1
    named = ", ".join(f"<{name}> x{count:,}" for name, count in sorted(counts.items(), key=lambda kv: -kv[1])[:5])
    removal = Removal("html-boilerplate", f"{sum(counts.values()):,} elements nested deeper than {max_depth} levels "
                                          f"unwrapped (their text kept): {named}")
    return "".join(pieces), removal


def _closes(stack: list[tuple[str, bool]], open_names: Mapping[str, int], name: str) -> bool:
    """Does the end tag ``name`` close an open element (and all above it)?

    As in libxml2: an end tag cannot close past an element of higher end priority (a
    stray ``</a>`` does not close the ``<div>`` or ``<td>`` it sits in); it is ignored.
    The search looks at most ``_CLOSE_SEARCH`` levels down, so that a page of many stray
    end tags stays linear; past that the tag counts as ignored (a deeper count, never a
    shallower one).
    """
    if not open_names.get(name):
        return False
    priority = _END_PRIORITY.get(name, 100)
    for index in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_SEARCH), -1):
        open_name = stack[index][0]
        if open_name == name:
            return True
        if _END_PRIORITY.get(open_name, 100) > priority:
            return False
    return False


def _opens_tag(page: str, pos: int) -> bool:
    """Does the content at ``pos`` start with a tag (after spaces)?"""
    while pos < len(page) and page[pos] in " \t\r\n\f":
        pos += 1
    return page.startswith("<", pos)


def extract_html(page: str, max_depth: int = MAX_DEPTH, editor_notes: Sequence[str] = ()) -> tuple[str, Hints, list[Removal]]:
    """Return the main content as text, the page's metadata, and removed chrome.

    trafilatura's text (markdown, links kept) with docmill's head hints; the
    BeautifulSoup extractor when trafilatura finds nothing. See the module docstring.
    Markup nested deeper than ``max_depth`` is flattened first (``limit_depth``); the
    elements ``editor_notes`` (XPath expressions, the rule's param) select go first: an
    exported document's review comments and their marks in the text.
    """
    return extract_combined(page, max_depth, editor_notes)


def extract_combined(page: str, max_depth: int = MAX_DEPTH, editor_notes: Sequence[str] = (),
                     **trafilatura_options: Any) -> tuple[str, Hints, list[Removal]]:
    """``extract_html`` with other trafilatura settings (for the benchmark).

    The page is parsed first; only a tree that reaches ``max_depth`` levels (or the
    parser's own limit, where it may have cut the page) is flattened and parsed again,
    so an ordinary page skips the tag scan of ``limit_depth``.
    """
    tree = parse_page(page)
    flattened = None
    if tree is None or reaches_depth(tree, max_depth):
        page, flattened = limit_depth(page, max_depth)
        if flattened is not None:
            tree = parse_page(page)
    notes = drop_editor_notes(tree, editor_notes) if tree is not None and editor_notes else []
    text, hints, removals = _extract_combined(page, tree, max_depth, **trafilatura_options)
    return text, hints, ([flattened] if flattened else []) + notes + removals


@lru_cache(maxsize=64)
def _xpath(expression: str) -> etree.XPath:
    """An XPath expression compiled once per process, not once per page."""
    return etree.XPath(expression)


def drop_editor_notes(tree: HtmlElement, expressions: Sequence[str]) -> list[Removal]:
    """Remove what the XPath ``expressions`` select (an exported document's review comments,
    their marks in the text), each recorded under ``html-boilerplate``; the text after an
    element stays where it was."""
    removals: list[Removal] = []
    for expression in expressions:
        for element in _xpath(expression)(tree):
            if not isinstance(element, HtmlElement) or element.getparent() is None:
                continue  # already gone with an element an earlier expression selected
            words = re.sub(r"\s+", " ", element.text_content()).strip()
            if words:
                removals.append(Removal("html-boilerplate", f"<{_selector(element)}> {words[:_AUDIT_CHARS]}"))
            element.drop_tree()
    return removals


#: Depth at which libxml2 may already have stopped building the tree (it stops at 256).
PARSER_DEPTH = 250


@lru_cache(maxsize=8)
def _depth_probe(levels: int) -> etree.XPath:
    return etree.XPath("boolean(/" + "/".join(["*"] * levels) + ")")


def reaches_depth(tree: HtmlElement, max_depth: int = MAX_DEPTH) -> bool:
    """Does the parsed tree nest deeper than ``max_depth`` levels (or come near the parser's
    limit, past which it may have dropped markup)? One XPath step per level, in C."""
    return bool(_depth_probe(max(1, min(max_depth, PARSER_DEPTH)) + 1)(tree.getroottree()))


def _extract_combined(page: str, tree: HtmlElement | None, max_depth: int,
                      **trafilatura_options: Any) -> tuple[str, Hints, list[Removal]]:
    if tree is None:
        return extract_bs4(page, max_depth)
    styled = mark_word_headings(tree)
    hints = head_hints(tree)
    if styled:  # the document's own Title style beats the file's title property in <title>
        hints.title = styled
    unwrap_layout_tables(tree)
    text = extract_trafilatura(tree, **trafilatura_options)
    if not text:
        text, _, removals = extract_bs4(page, max_depth)
        return text, hints, removals
    lead, hints.lead = leads(tree, hints)
    text = with_lead(text, lead)
    return text, hints, removed_blocks(tree, text)


def with_lead(text: str, lead: str | None) -> str:
    """The text with the article's lead paragraph first, unless the text already holds it."""
    if not lead:
        return text
    words = _key(lead).split()[:_LEAD_WORDS]
    if " " + " ".join(words) + " " in _text_key(text):
        return text
    return f"{lead}\n\n{text}"


def parse_page(page: str) -> HtmlElement | None:
    """The page as an lxml tree (trafilatura's loader), or None when it is not HTML enough."""
    try:
        tree = trafilatura.load_html(page)
    except (TypeError, ValueError):
        return None
    if not isinstance(tree, HtmlElement):
        return None
    if tree.tag != "html":  # a fragment ('<h1>…</h1><p>…</p>'): the body of a page, read as one
        document = html_element("html")
        body = etree.SubElement(document, "body")
        body.append(tree)
        return document
    return tree


def extract_trafilatura(page: str | HtmlElement, **options: Any) -> str:
    """trafilatura's main content (``TRAFILATURA_OPTIONS``, overridable); '' when none.

    Given a tree, trafilatura works on a copy: the caller's tree is left as it was.
    No URL is passed, so nothing can be resolved or fetched.
    """
    settings = {**TRAFILATURA_OPTIONS, **options}
    try:
        text = trafilatura.extract(page, **settings)
    except (TypeError, ValueError):
        return ""
    return _tidy(text or "")


def is_data_table(table: HtmlElement) -> bool:
    """Mozilla Readability's test: does this ``<table>`` hold data, or only lay out the page?"""
    if str(table.get("role") or "").lower() in ("presentation", "none") or table.get("datatable") == "0":
        return False
    caption = table.find("caption")
    if table.get("summary") or (caption is not None and caption.text_content().strip()):
        return True
    if next(table.iterdescendants("col", "colgroup", "tfoot", "thead", "th"), None) is not None:
        return True
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows = list(table.iter("tr"))
    columns = max((sum(1 for cell in row if cell.tag in ("td", "th")) for row in rows), default=0)
    if len(rows) <= 1 or columns <= 1:
        return False
    return len(rows) >= 10 or columns > 4 or len(rows) * columns > 10


#: A word processor's "Save as Web Page" sets the document's Title and Subtitle styles as
#: paragraphs with a class (Word: ``MsoTitle``, ``MsoSubtitle``): they are its headline and deck.
_WORD_HEADINGS = etree.XPath("//p[contains(concat(' ', normalize-space(@class), ' '), ' MsoTitle ')"
                             " or contains(concat(' ', normalize-space(@class), ' '), ' MsoSubtitle ')]")


def mark_word_headings(tree: HtmlElement) -> str | None:
    """Word's Title and Subtitle paragraphs as the ``<h1>`` and ``<h2>`` they stand for, in place;
    the text of the first Title paragraph."""
    title = None
    for element in _WORD_HEADINGS(tree):
        element.tag = "h1" if "MsoTitle" in str(element.get("class")).split() else "h2"
        if title is None and element.tag == "h1":
            title = " ".join(element.text_content().split()) or None
    return title


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn layout tables (and their rows and cells) into ``<div>`` blocks, in place.

    trafilatura renders every table it keeps as a markdown table, so a page laid out in
    a table would become one giant table row with the navigation column beside the story.
    """
    for table in list(tree.iter("table")):
        if table.tag == "table" and not is_data_table(table):
            parts = [table, *(el for el in table.iterdescendants("tbody", "thead", "tfoot", "tr", "td", "th")
                              if el.getparent() is not None and _owning_table(el) is table)]
            for element in parts:
                element.tag = "div"


def _owning_table(element: HtmlElement) -> HtmlElement | None:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --------------------------------------------------------------------------- removals audit


def _key(text: str) -> str:
    """Words only, lower case, single spaces, padded: for 'is this block in the text'."""
    return " " + _NON_WORD.sub(" ", text.lower()).strip() + " "


def _text_key(text: str) -> str:
    """``_key`` of the extracted markdown, each link read as its visible words."""
    return _key(_link_words(text))


def _link_words(text: str) -> str:
    """``_MD_LINK.sub(r" \1 ", text)`` read with ``str.find``: the pattern tried every '[' up to
    the next ']' (and every '](' up to the next ')'), quadratic on a run of '[' with no ']'.
    Every '[' before the same ']' shares its fate, so one try per ']' is enough."""
    out: list[str] = []
    done = start = 0  # copied up to ``done``; the next '[' is looked for from ``start``
    while (open_ := text.find("[", start)) >= 0 and (close := text.find("]", open_ + 1)) >= 0:
        if not text.startswith("(", close + 1):
            start = close + 1
            continue
        end = text.find(")", close + 2)
        if end < 0:
            break  # no ')' after: no later link closes either
        begin = open_ - 1 if open_ > done and text[open_ - 1] == "!" else open_
        out += [text[done:begin], " ", text[open_ + 1: close], " "]
        done = start = end + 1
    out.append(text[done:])
    return "".join(out)


def removed_blocks(tree: HtmlElement, text: str) -> list[Removal]:
    """The largest elements of the page none of whose words made it into ``text``."""
    kept = _KeptText(_text_key(text))
    body = tree.find("body")
    dropped = _audit(body if body is not None else tree, kept)
    removals = []
    for element in dropped:
        words = re.sub(r"\s+", " ", " ".join(_visible_text(element, limit=_AUDIT_CHARS + 1))).strip()
        removals.append(Removal("html-boilerplate", f"<{_selector(element)}> {words[:_AUDIT_CHARS]}"))
    return removals


@dataclass(slots=True)
class _AuditFrame:
    """One element being walked by ``_audit``: what its children told so far."""

    element: HtmlElement
    children: Iterator[HtmlElement]
    loose: list[str]  # its own inline text, and its inline children's
    start: int  # len(dropped) when it was entered
    has_block: bool = False
    has_text: bool = False
    any_kept: bool = False


#: A block longer than this (characters) is asked only as a whole: no triple list built for it.
_MOST_TRIPLED = 20_000


class _KeptText:
    """The extracted text's words (``_key`` form), asked 'is this block's word run in it?'.

    A run that is in the text starts with three words that follow each other in the text,
    so a set of the text's word triples answers most 'no's without searching the text.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        words = key.split()
        self.triples = {" ".join(words[i:i + 3]) for i in range(max(0, len(words) - 2))}

    def has(self, words: str) -> bool:
        """Is the run in the text, or most of it (half its word triples or more: the extractor
        dropped an inline mark, a note's "[a]", from inside the block and kept the rest)?"""
        parts = words.split(" ", 4)  # '', w1, w2, w3, rest (words is padded with spaces)
        if len(parts) == 5 and " ".join(parts[1:4]) in self.triples and words in self.key:
            return True
        if len(parts) < 5 or len(words) > _MOST_TRIPLED:
            return words in self.key
        tokens = words.split()
        triples = [" ".join(tokens[i:i + 3]) for i in range(len(tokens) - 2)]
        return sum(triple in self.triples for triple in triples) * 2 >= len(triples)


def _audit(root: HtmlElement, kept: _KeptText) -> list[HtmlElement]:
    """Walk the tree once, depth first with an explicit stack (no recursion, any depth).

    For each element: does it hold a block, has it text, was any of its text kept, and
    its inline text. A leaf block (no block inside) is judged by all its text at once;
    an element all of whose text was dropped is recorded once, not child by child.
    Inline elements are judged only as part of the block around them.
    """
    dropped: list[HtmlElement] = []
    stack = [_AuditFrame(root, iter(root), [root.text or ""], 0)]
    while stack:
        frame = stack[-1]
        child = next(frame.children, None)
        if child is not None:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag and tag not in _NO_TEXT:
                stack.append(_AuditFrame(child, iter(child), [child.text or ""], len(dropped)))
            else:
                frame.loose.append(child.tail or "")
            continue
        stack.pop()
        element = frame.element
        tag = str(element.tag).lower()
        parent = stack[-1] if stack else None
        if not frame.has_block and tag not in _AUDIT_BLOCKS:  # inline: judged with the block around it
            if parent is not None:
                parent.loose.append(" ".join(frame.loose))
                parent.loose.append(element.tail or "")
            continue
        inline = " ".join(frame.loose)
        words = _key(inline) if not inline.isspace() else ""
        if len(words) > 2:
            frame.has_text = True
            frame.any_kept |= kept.has(words)
        if frame.has_text and not frame.any_kept and tag not in ("body", "html"):
            del dropped[frame.start:]
            dropped.append(element)
        if parent is not None:
            parent.has_block = True
            parent.has_text |= frame.has_text
            parent.any_kept |= frame.any_kept
            parent.loose.append(element.tail or "")
    return dropped


def _visible_text(element: HtmlElement, limit: int | None = None) -> list[str]:
    """The element's text pieces in document order, without scripts, styles and the like;
    with a ``limit``, the walk stops once the pieces hold more than that many characters
    with their whitespace collapsed."""
    parts = [element.text or ""]
    size = len(parts[0])
    check = limit
    stack: list[tuple[HtmlElement, Iterator[HtmlElement]]] = [(element, iter(element))]
    while stack:
        if check is not None and limit is not None and size > check:
            if len(" ".join(" ".join(parts).split())) > limit:
                break
            check = size * 2
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                parts.append(node.tail or "")
                size += len(parts[-1])
        elif isinstance(child.tag, str) and child.tag.lower() not in _NO_TEXT:
            parts.append(child.text or "")
            size += len(parts[-1])
            stack.append((child, iter(child)))
        else:
            parts.append(child.tail or "")
            size += len(parts[-1])
    return parts


def _selector(element: HtmlElement) -> str:
    selector = str(element.tag)
    if element.get("id"):
        selector += "#" + str(element.get("id"))
    classes = str(element.get("class") or "").split()[:2]
    return selector + "".join("." + c for c in classes)


# --------------------------------------------------------------------------- BeautifulSoup extractor


def _soup(page: str) -> BeautifulSoup:
    """The page parsed by BeautifulSoup with lxml, quietly: a page that opens with an XML
    declaration (XHTML) is still read as HTML, which is what docmill wants of it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(page, "lxml")


def extract_bs4(page: str, max_depth: int = MAX_DEPTH) -> tuple[str, Hints, list[Removal]]:
    """docmill's first extractor: drop page chrome by tag and class words, keep the article.

    Script, style, nav, header, footer, aside, forms, cookie dialogs, share and related
    blocks are dropped and recorded under ``html-boilerplate``; the first ``<article>``
    (or ``<main>``) element is kept. Now the fallback of ``extract_html``.
    """
    page, _ = limit_depth(page, max_depth)  # a no-op on pages extract_html already flattened
    tree = parse_page(page)
    hints = head_hints(tree) if tree is not None else Hints()
    soup = _soup(page)
    removals: list[Removal] = []
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for element in soup.find_all(_CHROME_TAGS):
        if element.decomposed:
            continue
        text = element.get_text(" ", strip=True)
        if text and element.name not in ("script", "style", "svg", "template"):
            removals.append(Removal("html-boilerplate", f"<{element.name}> {text[:500]}"))
        element.decompose()
    for element in soup.find_all(True):
        if element.decomposed or not isinstance(element, Tag) or element.attrs is None:
            continue
        marker = " ".join([str(element.get("id") or ""), *(str(c) for c in (element.get("class") or []))])
        if marker.strip() and _CHROME_HINT.search(marker) and element.name not in ("html", "body", "article", "main"):
            text = element.get_text(" ", strip=True)
            if text:
                removals.append(Removal("html-boilerplate", f"[{marker.strip()}] {text[:500]}"))
            element.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    kept = _lxml_tree(str(root))
    return (render_page(kept) if kept is not None else ""), hints, removals


@dataclass(slots=True)
class _RenderFrame:
    """One element being rendered by ``_render``."""

    children: Iterator[HtmlElement | str]
    out: list[str]  # lines of the block being rendered
    buffer: list[str]  # text of the current line; inline frames share their block's
    inline: bool = False
    item_of: list[str] | None = None  # a list item's lines go here, bulleted, when it ends


def _contents(element: HtmlElement) -> Iterator[HtmlElement | str]:
    """An element's text and children in document order: its text, then each child and its tail."""
    if element.text:
        yield element.text
    for child in element:
        yield child
        if child.tail:
            yield child.tail


def _joined_text(element: HtmlElement) -> str:
    """The element's text, its pieces stripped and joined by one space."""
    return " ".join(piece.strip() for piece in element.itertext() if piece.strip())


#: Where a ``<br>`` broke a block's text, when its lines are kept apart (``render_page(breaks=True)``);
#: a parsed tree's text never holds it.
_BREAK = "\x00"


def _render(root: HtmlElement, out: list[str], breaks: bool = False) -> None:
    """Walk the tree with an explicit stack (any depth); block elements become paragraphs,
    headings markdown headings, list items bullets; inline elements join their block's line
    (``breaks``: see ``render_page``)."""
    stack = [_RenderFrame(_contents(root), out, [])]
    while stack:
        frame = stack[-1]
        child = next(frame.children, None)
        if child is None:
            stack.pop()
            if not frame.inline:
                _flush(frame.buffer, frame.out)
                if frame.item_of is not None:
                    items = [line for line in frame.out if line]
                    if items:
                        frame.item_of.extend(["- " + items[0], *items[1:], ""])
            continue
        if isinstance(child, str):
            frame.buffer.append(child)
            continue
        name = child.tag
        if not isinstance(name, str):  # a comment or processing instruction left in
            continue
        if name == "br":
            frame.buffer.append(_BREAK if breaks else "\n")
        elif name == "a" and breaks and _holds_blocks(child):
            _flush(frame.buffer, frame.out)  # a card: a link around a date, a heading, a summary
            stack.append(_RenderFrame(_contents(child), frame.out, []))
        elif name == "a":
            label = _joined_text(child)
            href = child.get("href") or ""
            frame.buffer.append(f"[{label}]({href})" if label and href else label)
        elif (frame.inline and not breaks) or name not in _BLOCKS:  # (breaks: a block is one, even in a span)
            if name != "img":
                stack.append(_RenderFrame(_contents(child), frame.out, frame.buffer, inline=True))
        else:
            _flush(frame.buffer, frame.out)
            if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                heading = _joined_text(child)
                if heading:
                    frame.out.extend(["#" * int(name[1]) + " " + heading, ""])
            elif name == "li":
                stack.append(_RenderFrame(_contents(child), [], [], item_of=frame.out))
            elif name == "figcaption":
                caption = _joined_text(child)
                if caption:
                    frame.out.extend(["Image: " + caption, ""])
            elif name == "pre":  # program text keeps its lines, fenced: no rule reads it as prose or chrome
                code = child.text_content().strip("\n")
                if code.strip():
                    frame.out.extend(["```", *code.replace("```", "` ` `").split("\n"), "```", ""])
            else:
                stack.append(_RenderFrame(_contents(child), frame.out, []))


def _holds_blocks(element: HtmlElement) -> bool:
    """Does the element hold a block element (a heading, a paragraph)?"""
    return any(isinstance(e.tag, str) and e.tag in _BLOCKS for e in element.iterdescendants())


def _flush(buffer: list[str], out: list[str]) -> None:
    lines = [line for piece in "".join(buffer).split(_BREAK) if (line := re.sub(r"\s+", " ", piece).strip())]
    if lines:
        out.extend(lines)
        out.append("")
    buffer.clear()


# --------------------------------------------------------------------------- head metadata


# head_hints (imported above) lives in flows/clean/pagemeta.py: head, OpenGraph, JSON-LD, byline.


def extract_whole_page(page: str, max_depth: int = MAX_DEPTH) -> tuple[str, Hints, list[Removal]]:
    """The whole page as text, chrome and all: what a source gets with the structural rule
    ``html-boilerplate`` disabled. Only what is never text (scripts, styles, templates,
    comments) goes; the page's head still gives its metadata hints."""
    tree = _whole_tree(page, max_depth)
    if tree is None:
        return "", Hints(), []
    hints = head_hints(tree)
    return render_page(tree), hints, []


def whole_page_text(page: str, max_depth: int = MAX_DEPTH, breaks: bool = False) -> str:
    """``extract_whole_page``'s text alone (``breaks``: see ``render_page``)."""
    tree = _whole_tree(page, max_depth)
    return render_page(tree, breaks) if tree is not None else ""


def _whole_tree(page: str, max_depth: int) -> HtmlElement | None:
    """The page as a tree, depth-limited; a page too small for trafilatura's loader
    ('<p>One line.</p>') is still parsed."""
    page, _ = limit_depth(page, max_depth)
    tree = parse_page(page)
    return tree if tree is not None else _lxml_tree(page)


def _lxml_tree(page: str) -> HtmlElement | None:
    """lxml's own parse of a page or fragment, None when it holds nothing to parse."""
    try:
        return document_fromstring(_XML_DECLARATION.sub("", page, count=1))
    except (etree.ParserError, ValueError):
        return None


def render_page(tree: HtmlElement, breaks: bool = False) -> str:
    """The page's body as text, chrome and all, as a reader sees it: block elements on lines
    of their own, headings as markdown headings, links as markdown links. With ``breaks``,
    closer still to what a reader sees: each ``<br>`` ends a line, a link around blocks (a
    teaser card: its date, heading and summary) reads as those blocks, and a block inside
    an inline element is a block. Scripts, styles and comments are stripped from the tree
    it is given."""
    etree.strip_elements(tree, etree.Comment, "script", "style", "noscript", "template", "svg", with_tail=False)
    lines: list[str] = []
    body = tree.find("body")
    _render(body if body is not None else tree, lines, breaks)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
