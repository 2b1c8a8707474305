"""Which XML document a text is: its root element, read past the prolog in linear time.

Feeds, sitemaps and XML articles are told apart by their root element, which may come
after an XML declaration, comments, processing instructions (a style sheet) and a
DOCTYPE with an internal subset. One regular expression over all of that backtracks
exponentially on a run of empty comments ('<!---->' × 40 hangs), so the prolog is read
item by item with ``str.find``: each character is looked at a bounded number of times.
"""

from __future__ import annotations

import re

#: The most prolog items (comments, processing instructions, a DOCTYPE) read before the root.
PROLOG_ITEMS = 50
_SPACE = re.compile(r"[\s\ufeff]*")
_ROOT_NAME = re.compile(r"<(?:[A-Za-z_][\w.-]{0,40}:)?([A-Za-z_][\w.-]{0,40})(?=[\s/>])")
_SUBSET_END = re.compile(r"\][ \t\r\n]{0,20}>")


def root_element(head: str) -> tuple[str, str] | None:
    """The root element's local name ('rss', 'RDF' for 'rdf:RDF') and the DOCTYPE before it
    ('' if none), read from ``head`` (the text's first few KiB); None when no element opens
    the text after its prolog."""
    position, doctype = 0, ""
    for _ in range(PROLOG_ITEMS):
        space = _SPACE.match(head, position)
        position = space.end() if space else position
        if head.startswith("<!--", position):
            end, length = head.find("-->", position + 4), 3
        elif head.startswith("<?", position):
            end, length = head.find("?>", position + 2), 2
        elif head.startswith("<!DOCTYPE", position):
            end, length = head.find(">", position), 1
            subset = head.find("[", position, end if end >= 0 else len(head))
            doctype = head[position: subset if subset >= 0 else end]
            if subset >= 0:  # an internal subset: its declarations hold '>' of their own
                close = _SUBSET_END.search(head, subset)
                end, length = (close.start(), len(close.group())) if close else (-1, 0)
        else:
            break
        if end < 0:
            return None
        position = end + length
    match = _ROOT_NAME.match(head, position)
    return (match.group(1), doctype) if match else None
