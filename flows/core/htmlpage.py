"""Full HTML pages: main content to markdown-like text, metadata from the head.

The page is parsed with BeautifulSoup (lxml); nothing is fetched. Page chrome
(script, style, nav, header, footer, aside, forms, cookie dialogs, share and related
blocks) is dropped and recorded under ``html-boilerplate``; the ``<article>`` (or
``<main>``) element is preferred. Links are written as markdown links so that the text
cleaner treats them like links in any other input (link density, ``links`` column).
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup, Comment, Tag

from flows.core.model import Hints, Removal

_CHROME_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer",
                "aside", "form", "button", "select", "input", "dialog", "menu", "object", "embed")
_CHROME_HINT = re.compile(
    r"cookie|consent|gdpr|banner|share|sharing|social|related|newsletter|subscribe|comment|breadcrumb|"
    r"menu|sidebar|advert|promo|popup|modal|paywall|pagination|tags|author-box|masthead|navbar|skip",
    re.IGNORECASE,
)
_BLOCKS = {"p", "div", "section", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
           "figcaption", "td", "th", "dt", "dd", "address", "time", "tr", "table", "ul", "ol", "figure"}
_MARKUP = re.compile(r"<(?:html|head|body|div|p|article|section|span|a|table|br|meta|!doctype)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A text that is mostly markup (a saved page given a .txt name, say)."""
    head = text[:20000]
    tags = len(_MARKUP.findall(head))
    return tags >= 5 and head.count("<") * 12 > len(head) * 0.3


def extract_html(page: str) -> tuple[str, Hints, list[Removal]]:
    """Return the main content as text, the page's metadata, and removed chrome."""
    soup = BeautifulSoup(page, "lxml")
    hints = _head_hints(soup)
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
    lines: list[str] = []
    _render(root, lines)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, hints, removals


def _render(node: Any, out: list[str]) -> None:
    """Walk the tree; block elements become paragraphs, headings markdown headings."""
    buffer: list[str] = []

    def flush() -> None:
        line = re.sub(r"\s+", " ", "".join(buffer)).strip()
        if line:
            out.append(line)
            out.append("")
        buffer.clear()

    for child in node.children:
        if isinstance(child, str):
            buffer.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            buffer.append("\n")
            continue
        if name == "a":
            label = child.get_text(" ", strip=True)
            href = child.get("href") or ""
            buffer.append(f"[{label}]({href})" if label and href else label)
            continue
        if name == "img":
            continue
        if name in _BLOCKS:
            flush()
            if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                heading = child.get_text(" ", strip=True)
                if heading:
                    out.extend(["#" * int(name[1]) + " " + heading, ""])
            elif name == "li":
                inner: list[str] = []
                _render(child, inner)
                items = [line for line in inner if line]
                if items:
                    out.extend(["- " + items[0], *items[1:], ""])
            elif name == "figcaption":
                caption = child.get_text(" ", strip=True)
                if caption:
                    out.extend(["Image: " + caption, ""])
            else:
                _render(child, out)
            continue
        _render_inline(child, buffer)
    flush()


def _render_inline(node: Tag, buffer: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            buffer.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "a":
                label = child.get_text(" ", strip=True)
                href = child.get("href") or ""
                buffer.append(f"[{label}]({href})" if label and href else label)
            elif child.name == "br":
                buffer.append("\n")
            else:
                _render_inline(child, buffer)


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content"):
            return str(tag["content"]).strip()
    return None


def _head_hints(soup: BeautifulSoup) -> Hints:
    hints = Hints()
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        _jsonld_hints(script.string or "", hints)
    hints.title = hints.title or _meta(soup, "og:title", "twitter:title") or (
        soup.title.get_text(strip=True) if soup.title else None
    )
    hints.subtitle = hints.subtitle or _meta(soup, "og:description", "description")
    hints.url = hints.url or _meta(soup, "og:url")
    canonical = soup.find("link", attrs={"rel": "canonical"})
    if not hints.url and canonical and canonical.get("href"):
        hints.url = str(canonical["href"])
    hints.publisher = hints.publisher or _meta(soup, "og:site_name", "application-name")
    hints.date = hints.date or _meta(soup, "article:published_time", "datePublished", "date", "dc.date")
    hints.section = hints.section or _meta(soup, "article:section")
    author = _meta(soup, "author", "article:author")
    if author and not hints.authors and not author.startswith("http"):
        hints.authors = [author]
    html_tag = soup.find("html")
    if html_tag and html_tag.get("lang"):
        hints.language = str(html_tag["lang"]).split("-")[0].lower()[:2]
    return hints


def _jsonld_hints(raw: str, hints: Hints) -> None:
    """Fill hints from an embedded schema.org Article node (data only; nothing fetched)."""
    try:
        data = json.loads(raw)
    except (ValueError, TypeError):
        return
    nodes = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    for node in nodes:
        if not isinstance(node, dict) or ("Article" not in str(node.get("@type", "")) and "Posting" not in str(node.get("@type", ""))):
            continue
        hints.title = hints.title or _text(node.get("headline"))
        hints.subtitle = hints.subtitle or _text(node.get("description"))
        hints.date = hints.date or _text(node.get("datePublished"))
        hints.url = hints.url or _text(node.get("url")) or _text(node.get("mainEntityOfPage"))
        hints.section = hints.section or _text(node.get("articleSection"))
        publisher = node.get("publisher")
        hints.publisher = hints.publisher or _text(publisher.get("name") if isinstance(publisher, dict) else publisher)
        authors = node.get("author")
        if authors and not hints.authors:
            items = authors if isinstance(authors, list) else [authors]
            hints.authors = [n for n in (_text(a.get("name") if isinstance(a, dict) else a) for a in items) if n]


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if isinstance(value, str | int | float) and str(value).strip() else None
