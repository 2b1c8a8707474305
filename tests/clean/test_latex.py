"""LaTeX article sources read as markdown. Synthetic sources only."""

from __future__ import annotations

import time
from typing import Any

from flows.clean.latex import unpack_latex
from flows.clean.pipeline import process_file
from flows.model import RawFile

PAPER = r"""% A short article
\documentclass[11pt]{article}
\usepackage{hyperref}
\title{Tiny Forests in Three Cities: \\ A First Look}
\author{Lena Park\thanks{University of Example} \and Tomas Lind}
\date{5 March 2024}
\begin{document}
\maketitle
\begin{abstract}
Dense plantings of native trees, known as \emph{tiny forests}, are spreading in European cities. We measured
canopy growth in three of them over five years, with the help of the city gardeners.
\end{abstract}

\section{Introduction}
Tiny forests are plots of a few hundred square metres planted with three to four saplings per square
metre~\cite{miyawaki1999}. The method comes from the Japanese botanist Akira Miyawaki; see
\href{https://example.org}{the project page}. % a note to ourselves

\begin{figure}[h]
\includegraphics[width=\linewidth]{plot.png}
\caption{A plot in its third year.}\label{fig:plot}
\end{figure}

\section{Results}
We found that the canopy closed after about three years:
\begin{itemize}
  \item in Utrecht, after 30 months;
  \item in Leuven, after 34 months.\footnote{One plot was replanted.}
\end{itemize}
The growth rate was $r = 1.4$ times that of a conventional planting---a large effect. 50\% survived.
\begin{equation}
  g = \frac{h_3}{h_0}
\end{equation}
\bibliography{refs}
\end{document}
"""


def test_a_latex_article_gives_its_title_authors_sections_and_lists(config: Any) -> None:
    result = process_file(RawFile("paper.tex", PAPER.encode()), config)
    assert not result.rejections, result.rejections
    [doc] = result.documents
    assert (doc["title"], doc["authors"], str(doc["date_published"])) == (
        "Tiny Forests in Three Cities: A First Look", ["Lena Park", "Tomas Lind"], "2024-03-05")
    body = doc["body"]
    assert "known as tiny forests, are spreading" in body  # the abstract, its emphasis as text
    assert "three to four saplings per square metre. The method" in body  # the citation gone with its space
    assert "see the project page." in body and "- in Leuven, after 34 months." in body
    assert "r = 1.4 times that of a conventional planting—a large effect. 50% survived." in body
    for junk in ("\\", "{", "plot.png", "A plot in its third year", "replanted", "frac", "a note to ourselves"):
        assert junk not in body
    assert [s["heading"] for s in doc["sections"] if s["heading"]] == ["Introduction", "Results"]


def test_other_text_is_left_alone() -> None:
    text = "Prices rose by 5% in \\emph{March}.\n\\section{Not a source}"
    assert unpack_latex(text) == text


def test_a_text_that_is_no_source_costs_linear_time_to_tell() -> None:
    """Blank and white-space lines by the thousand before any text (an HTML page's padding)."""
    for text in ("\\" + " \n" * 50_000 + "x", "\\" + "\t\n\n" * 50_000, "%\n" * 50_000 + "\\documentclass{article}"):
        start = time.perf_counter()
        unpack_latex(text)
        assert time.perf_counter() - start < 1


def test_hostile_sources_cost_linear_time() -> None:
    for body in ("{" * 100_000, "}" * 100_000, "\\emph{" * 50_000, "\\begin{figure}" * 20_000, "\\item " * 50_000):
        start = time.perf_counter()
        unpack_latex("\\documentclass{article}\n\\begin{document}\n" + body)
        assert time.perf_counter() - start < 5, body[:10]
