"""Rich Text Format (a word processor's "Save as RTF", TextEdit, WordPad) read as markdown.

One linear pass over the RTF tokens: text and its escapes (``\\'e9`` in the document's code
page, ``\\u8212`` with its fallback characters skipped) are kept; paragraph and line breaks
become line breaks, table cells are joined with " | "; font, colour and style tables,
pictures, objects, fields' instructions, headers and footers and every ``{\\*…}``
destination are skipped. The ``{\\info}`` group's title, author and creation time become
front matter, as for a markdown export. Nothing here can recurse: groups are counted, not
descended into.
"""

from __future__ import annotations

import re

from flows.clean.docformats import as_markdown, file_properties

#: One RTF token: a control word with its number, a hex escape, a control symbol, a brace,
#: a run of text, or line breaks (which RTF ignores).
_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.DOTALL)
#: Destinations whose text is no part of the document.
_SKIPPED = frozenset({
    "fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable", "revtbl", "rsidtbl", "generator",
    "pict", "object", "objdata", "fldinst", "header", "headerl", "headerr", "headerf", "footer", "footerl",
    "footerr", "footerf", "footnote", "annotation", "atnid", "atnauthor", "themedata", "colorschememapping",
    "latentstyles", "datastore", "xmlnstbl", "mmathPr", "filetbl", "bkmkstart", "bkmkend", "shppict",
    "nonshppict", "template", "docvar", "private",
})
#: The {\info} fields kept as front matter (the others, "operator", "company", "subject", go).
_INFO_FIELDS = frozenset({"title", "author"})
_BREAKS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "cell": " | ", "tab": " ",
           "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’", "ldblquote": "“",
           "rdblquote": "”"}
_SYMBOLS = {b"~": "\u00a0", b"_": "\u2011", b"-": "", b"\\": "\\", b"{": "{", b"}": "}"}


def unpack_rtf(data: bytes) -> str | None:
    """The RTF document in ``data`` as markdown, or None when ``data`` is no RTF."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return None
    codepage = re.search(rb"\\ansicpg(\d{3,5})", data[:4096])
    encoding = f"cp{int(codepage[1])}" if codepage else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    out: list[str] = []
    info: dict[str, list[str]] = {}
    stamp: dict[str, int] = {}
    depth = 0
    skip_below: int | None = None  # skip everything until the group at this depth closes
    field: tuple[str, int] | None = None  # an {\info} field being read, and its group's depth
    in_stamp: int | None = None
    in_info: int | None = None  # the {\info} group's depth: only its fields are read
    pending: int = 0  # fallback characters still to skip after a \uN
    unicode_skip = [1]  # \ucN, per group
    group_start = False
    escaped = bytearray()  # the bytes of consecutive \'hh escapes: one character may take two (cp932, cp936)
    for match in _TOKEN.finditer(data):
        word, number, hexa, symbol, brace, text = match.groups()
        if escaped and hexa is None:
            _emit(escaped.decode(encoding, errors="replace"), out, info, field)
            escaped.clear()
        if brace == b"{":
            depth += 1
            unicode_skip.append(unicode_skip[-1])
            group_start = True
            continue
        if brace == b"}":
            if skip_below is not None and depth <= skip_below:
                skip_below = None
            if field is not None and depth <= field[1]:
                field = None
            if in_stamp is not None and depth <= in_stamp:
                in_stamp = None
            if in_info is not None and depth <= in_info:
                in_info = None
            depth -= 1
            if len(unicode_skip) > 1:
                unicode_skip.pop()
            group_start = False
            continue
        starts = group_start
        group_start = False
        if skip_below is not None or (in_info is not None and field is None and word is None):
            continue
        if symbol == b"*" and starts:
            skip_below = depth  # an ignorable destination: "{\*\name …}"
            continue
        if word is not None:
            name = word.decode("ascii")
            if starts and name in _SKIPPED:
                skip_below = depth
            elif starts and name == "info":
                in_info = depth
            elif starts and in_info is not None and name in _INFO_FIELDS:
                field = (name, depth)
                info.setdefault(field[0], [])
            elif in_info is not None and field is None and name != "creatim" and in_stamp is None:
                if starts:
                    skip_below = depth  # another {\info} field: the operator, the company, a comment
            elif starts and name == "creatim":
                in_stamp = depth
            elif in_stamp is not None and name in ("yr", "mo", "dy") and number:
                stamp[name] = int(number)
            elif name == "uc" and number:
                unicode_skip[-1] = max(0, int(number))
            elif name == "u" and number:
                code = int(number) % 65536
                _emit(chr(code) if code < 0xD800 or code > 0xDFFF else "\ufffd", out, info, field)
                pending = unicode_skip[-1]
            elif name in _BREAKS:
                _emit(_BREAKS[name], out, info, field)
            continue
        if hexa is not None:
            if pending:
                pending -= 1
                continue
            escaped.append(int(hexa, 16))
            continue
        if symbol is not None:
            _emit(_SYMBOLS.get(symbol, ""), out, info, field)
            continue
        if text is not None:
            chunk = text.decode(encoding, errors="replace")
            if pending:
                chunk, pending = chunk[pending:], max(0, pending - len(chunk))
            _emit(chunk, out, info, field)
    if escaped:
        _emit(escaped.decode(encoding, errors="replace"), out, info, field)
    header = {key: " ".join("".join(parts).split()) for key, parts in info.items() if "".join(parts).strip()}
    if {"yr", "mo", "dy"} <= stamp.keys():
        header["date"] = f"{stamp['yr']:04d}-{stamp['mo']:02d}-{stamp['dy']:02d}"
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    paragraphs = [part for line in lines for part in (line, "")]
    return as_markdown(file_properties(header.get("title"), header.get("author"), header.get("date")), paragraphs)


def _emit(text: str, out: list[str], info: dict[str, list[str]], field: tuple[str, int] | None) -> None:
    if field is not None:
        info[field[0]].append(text)
    else:
        out.append(text)
