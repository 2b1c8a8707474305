"""LaTeX article sources read as markdown: the preamble's title, authors and date as front
matter; sections as headings, itemize and enumerate items as list items, the text of
formatting commands and links kept; citations, labels, references, footnotes, figures,
tables, equations and the bibliography left out.

One pass over the text with an explicit stack of open environments; a command's braced
argument is found by counting braces (at most ``MAX_DEPTH`` deep), so the work is linear
in the length of the source and no input can recurse without bound.
"""

from __future__ import annotations

import re

from flows.clean.docformats import as_markdown

MAX_DEPTH = 50
#: How many comment or blank lines may open a LaTeX source before its first command.
_OPENING_LINES = 200
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_COMMAND = re.compile(r"\\([a-zA-Z]+)\*?|\\(.)", re.DOTALL)
#: Environments whose content is no prose of the article.
_SKIPPED_ENVS = frozenset({
    "figure", "figure*", "table", "table*", "tabular", "equation", "equation*", "align", "align*", "eqnarray",
    "eqnarray*", "gather", "gather*", "multline", "multline*", "displaymath", "math", "thebibliography",
    "verbatim", "lstlisting", "minted", "tikzpicture", "comment", "filecontents",
})
#: Commands whose arguments are dropped with them.
_DROPPED = frozenset({
    "cite", "citep", "citet", "citeauthor", "citeyear", "ref", "eqref", "pageref", "autoref", "cref", "Cref", "label",
    "footnote", "footnotetext", "thanks", "includegraphics", "bibliography", "bibliographystyle", "vspace", "hspace",
    "usepackage", "documentclass", "newcommand", "renewcommand", "setlength", "addtolength", "pagestyle",
    "thispagestyle", "input", "include", "graphicspath", "keywords", "affiliation", "affil", "address", "email",
    "maketitle", "tableofcontents", "newpage", "clearpage", "noindent", "centering", "small", "large", "Large",
    "footnotesize", "normalsize", "bigskip", "medskip", "smallskip", "linewidth", "textwidth", "today",
})
#: Dropped commands that stand right after a word: the space before them goes with them.
_REFERENCES = frozenset({"cite", "citep", "citet", "ref", "eqref", "pageref", "autoref", "cref", "Cref", "label",
                         "footnote", "thanks"})
_HEADINGS = {"part": 1, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4, "paragraph": 5, "subparagraph": 6}
_SYMBOLS = {"%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", " ": " ", ",": " ", ";": " ",
            "\\": "\n", "-": "", "/": ""}
_TYPOGRAPHY = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("~", " "))


def unpack_latex(text: str) -> str:
    """A LaTeX source as markdown; any other text unchanged."""
    if "\\" not in text[:4096] or not _is_source(text):
        return text
    text = _COMMENT.sub("", text)
    header: dict[str, str] = {}
    for field, key in (("title", "title"), ("author", "author"), ("date", "date")):
        match = re.search(rf"\\{field}\s*+(?:\[[^\]]{{0,500}}\])?\s*+\{{", text)
        if match:
            argument, _ = _argument(text, match.end() - 1)
            value = " ".join(_plain(argument).split())
            if key == "author":
                value = "; ".join(part.strip(" ,") for part in re.split(r"\\and\b|\n", _plain(argument, keep_and=True)) if part.strip(" ,"))
            if value:
                header[key] = value
    start = text.find("\\begin{document}")
    body = text[start + len("\\begin{document}"):] if start >= 0 else text
    end = body.find("\\end{document}")
    body = body[:end] if end >= 0 else body
    abstract = re.search(r"\\begin\{abstract\}", body)
    if abstract:
        body = body[: abstract.start()] + "\n\n" + body[abstract.end():].replace("\\end{abstract}", "\n\n", 1)
    lines = [" ".join(line.split()) if line.strip() else "" for line in _plain(body).split("\n")]
    return as_markdown(header, lines)


def _is_source(text: str) -> bool:
    """Does the text's first line that is no comment and not blank set up a document
    (``\\documentclass``, ``\\begin{document}``)? Read line by line: no backtracking."""
    start = 0
    for _ in range(_OPENING_LINES):
        end = text.find("\n", start)
        line = text[start: end if end >= 0 else len(text)].strip()
        if line and not line.startswith("%"):
            return line.startswith(("\\documentclass", "\\begin{document}"))
        if end < 0:
            return False
        start = end + 1
    return False


def _argument(text: str, start: int) -> tuple[str, int]:
    """The braced argument opening at ``text[start]`` ('{'), and the index after it."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "{" and text[index - 1] != "\\":
            depth += 1
            if depth > MAX_DEPTH:
                break
        elif char == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1: index], index + 1
    return text[start + 1:], len(text)


def _plain(text: str, keep_and: bool = False, depth: int = 0) -> str:
    """LaTeX text as plain text with markdown headings and list items (see the module docstring).
    Arguments nested deeper than ``MAX_DEPTH`` are left out."""
    if depth > MAX_DEPTH:
        return ""
    out: list[str] = []
    skipping: list[str] = []  # the skipped environments open at this point
    index = 0
    while index < len(text):
        match = _COMMAND.search(text, index)
        if match is None:
            out.append(text[index:] if not skipping else "")
            break
        if not skipping:
            out.append(text[index: match.start()])
        index = match.end()
        word, symbol = match.groups()
        if symbol is not None:
            if not skipping:
                out.append(_SYMBOLS.get(symbol, ""))
            continue
        if word in ("begin", "end"):
            name, index = _argument(text, index) if text.startswith("{", index) else ("", index)
            if name in _SKIPPED_ENVS:
                if word == "begin":
                    skipping.append(name)
                elif skipping and skipping[-1] == name:
                    skipping.pop()
            elif not skipping and name in ("itemize", "enumerate", "description", "quote", "quotation"):
                out.append("\n\n")
            continue
        if skipping:
            continue
        if word == "and" and keep_and:
            out.append("\\and")
            continue
        if word == "item":
            label = ""
            if text.startswith("[", index):
                close = text.find("]", index)
                label, index = (text[index + 1: close] + " ", close + 1) if close > 0 else ("", index)
            out.append("\n- " + label)
            continue
        while text.startswith("[", index):  # optional arguments
            close = text.find("]", index)
            if close < 0:
                break
            index = close + 1
        arguments: list[str] = []
        while text.startswith("{", index) and len(arguments) < 3:
            argument, index = _argument(text, index)
            arguments.append(argument)
        if word in _DROPPED or word in ("title", "author", "date"):
            if word in _REFERENCES and out:
                out[-1] = out[-1].rstrip(" ~")  # "square metre~\cite{x}." ends "square metre."
            continue
        if word in _HEADINGS and arguments:
            out.append(f"\n\n{'#' * _HEADINGS[word]} {' '.join(_plain(arguments[0], depth=depth + 1).split())}\n\n")
        elif word == "href" and len(arguments) >= 2:
            out.append(_plain(arguments[1], depth=depth + 1))
        elif word == "url" and arguments:
            out.append(arguments[0])
        elif word == "par":
            out.append("\n\n")
        elif arguments:  # \emph{…}, \textbf{…}, an unknown command: its text
            out.append(_plain(arguments[-1], depth=depth + 1))
    result = "".join(out)
    for sequence, replacement in _TYPOGRAPHY:
        result = result.replace(sequence, replacement)
    return re.sub(r"(?<!\\)\$([^$\n]{0,200})\$", r"\1", result)
