"""Org-mode and AsciiDoc documents are read as the documents they are: their header fields
are metadata, their headings headings, their links keep their text.

Every document here is invented.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.clean.docformats import unpack_docformat, unpack_rest_links
from flows.clean.pipeline import process_file
from flows.model import RawFile

FIRST = ("The harbour committee voted on Tuesday to back the new slipway at the north quay,\n"
         "after two years of debate about its cost and the noise it would bring to the houses\n"
         "along the water.")
SECOND = ("The slipway will cost about 1.2 million euros, shared between the town and the\n"
          "regional fund. Work is due to start in the autumn and finish before next summer,\n"
          "the chair said after the vote.")


def only_document(config: Any, name: str, text: str) -> dict[str, Any]:
    result = process_file(RawFile(name, text.encode("utf-8")), config)
    assert len(result.documents) == 1, result.rejections
    return result.documents[0]


def unwrapped(text: str) -> str:
    return text.replace("\n", " ")


ORG = f"""#+TITLE: Harbour committee backs new slipway
#+AUTHOR: Jane Roe
#+DATE: <2024-03-05 Tue>
#+OPTIONS: toc:nil

* Costs and timing
  :PROPERTIES:
  :CUSTOM_ID: costs
  :END:
{FIRST}

** TODO Next steps                                                     :council:
{SECOND} See [[https://example.org/minutes][the minutes]] of the meeting.
"""

ADOC = f""":experimental:
= Harbour committee backs new slipway
Jane Roe <jane@example.org>; Tom Baker <tom@example.org>
v1.0, 2024-03-05: first published
:toc:
:description: The north quay gets its slipway.

{FIRST}

== Costs and timing

image::slipway.png[The slipway]

[NOTE]
====
{SECOND}
====

See link:https://example.org/minutes[the minutes] and <<costs,the costs>> of the meeting.
"""


REST = f"""=====================================
Harbour committee backs new slipway
=====================================

:Author: Jane Roe
:Date: 2024-03-05
:Version: 2

{FIRST}

Costs and timing
----------------

.. image:: slipway.png
   :alt: The new slipway

{SECOND} See `the minutes <https://example.org/minutes>`_ of the meeting.

.. _council: https://example.org/council
"""


TEXTILE = f"""h1. Harbour committee backs new slipway

*By Jane Roe*, 5 March 2024

{FIRST} See [the minutes|https://example.org/minutes] of the meeting.

h2. Costs and timing

{{quote}}
{SECOND}
{{quote}}
"""


@pytest.mark.parametrize(("name", "text", "authors", "subtitle", "body"), [
    ("slipway.org", ORG, ["Jane Roe"], None,
     ["Costs and timing", unwrapped(FIRST), "Next steps", unwrapped(SECOND) + " See the minutes of the meeting."]),
    ("slipway.adoc", ADOC, ["Jane Roe", "Tom Baker"], "The north quay gets its slipway.",
     [unwrapped(FIRST), "Costs and timing", unwrapped(SECOND), "See the minutes and the costs of the meeting."]),
    ("slipway.rst", REST, ["Jane Roe"], None,  # reST: its directives go too
     [unwrapped(FIRST), "Costs and timing", unwrapped(SECOND) + " See the minutes of the meeting."]),
    ("slipway.rst", REST.replace("=" * 37 + "\nHarbour committee backs new slipway\n" + "=" * 37,
                                 "Harbour committee backs new slipway\n" + "#" * 35).replace("-" * 16, "=" * 16),
     ["Jane Roe"], None,  # reST's levels go by first use: a title under '#' is over its sections under '='
     [unwrapped(FIRST), "Costs and timing", unwrapped(SECOND) + " See the minutes of the meeting."]),
    ("slipway.txt", TEXTILE, ["Jane Roe"], None,  # Textile, as Jira and Confluence write it
     [unwrapped(FIRST) + " See the minutes of the meeting.", "Costs and timing", unwrapped(SECOND)]),
], ids=["org", "asciidoc", "rest", "rest-adorned-by-use", "textile"])
def test_a_document_gives_its_header_fields_headings_and_link_texts(config: Any, name: str, text: str,
                                                                    authors: list[str], subtitle: str | None,
                                                                    body: list[str]) -> None:
    doc = only_document(config, name, text)
    assert doc["title"] == "Harbour committee backs new slipway"
    assert doc["authors"] == authors
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["subtitle"] == subtitle
    assert doc["body"] == "\n\n".join(body)


def test_the_rewrite_keeps_link_targets_as_markdown_links() -> None:
    for text in (ORG, ADOC, TEXTILE):
        assert "[the minutes](https://example.org/minutes)" in unpack_docformat(text)
    assert "[the minutes](https://example.org/minutes)" in unpack_rest_links(REST)


def test_markdown_and_plain_text_are_not_taken_for_either_format() -> None:
    for text in ("# Title\n\n* a list item\n* another\n", "= 5 is the answer\n\nIt was.\n", "h1.Title\n",
                 "== Not a title\n\ntext\n", "#+ not a keyword\n", "Some text\n#+TITLE: late\n", ""):
        assert unpack_docformat(text) == text


@given(st.text(alphabet=st.characters(blacklist_characters="#=:"), max_size=200))
def test_a_text_opening_with_neither_header_comes_back_unchanged(text: str) -> None:
    assert unpack_docformat(text) == text


WIKI = f"""{{{{Infobox harbour
| name = Kettlewick Harbour
| built = {{{{circa|1742}}}}
}}}}
'''Kettlewick Harbour''' is a small harbour on the north coast, built to shelter the herring fleet.<ref>{{{{cite web
|url=https://example.org/history |title=Harbour history}}}}</ref> It is one of the oldest in the county.

== History ==
{" ".join(FIRST.split())} It grew after the [[Kettlewick railway|railway]] reached the town.<ref name="a"/>

=== Costs ===
# the stone pier
# the new [https://example.org/slipway slipway]
{" ".join(SECOND.split())}

[[File:Harbour.jpg|thumb|The [[harbour]] in 1900]]
[[Category:Harbours]]
__NOTOC__
"""


def test_a_mediawiki_page_source_loses_its_templates_and_footnotes_and_keeps_its_text(config: Any) -> None:
    doc = only_document(config, "harbour.txt", WIKI)
    assert doc["body"] == "\n\n".join([
        "Kettlewick Harbour is a small harbour on the north coast, built to shelter the herring fleet. "
        "It is one of the oldest in the county.",
        "History", unwrapped(FIRST) + " It grew after the railway reached the town.",
        "Costs", "1. the stone pier", "2. the new slipway", unwrapped(SECOND)])
    assert "[slipway](https://example.org/slipway)" in unpack_docformat(WIKI)


def test_unclosed_or_deeply_nested_templates_are_read_in_linear_time() -> None:
    assert unpack_docformat("== A ==\n{{" * 3 + "'''x'''") .endswith("x")  # an unclosed template stays
    hostile = "== A ==\n''" + "{{" * 100_000 + "}}" * 100_000 + "x" * 500_000 + "{{"
    assert unpack_docformat(hostile).endswith("x{{")


FORUM = f"""[b]Re: Storing winter tyres[/b]

[quote="tyrefan"]Should I stack them or hang them?[/quote]

{FIRST}
[list]
[*]Stack them [i]flat[/i].
[*]Keep them [color=red]dark[/color].
[/list]
[url=https://example.org/tyres]More tips[/url] [img]https://example.org/tyre.jpg[/img] [youtube]dQw4w9[/youtube]
[size=150]{" ".join(SECOND.split())}[/size]
"""


def test_a_bbcode_forum_post_becomes_markdown() -> None:
    text = unpack_docformat(FORUM)
    assert text.splitlines()[0] == "**Re: Storing winter tyres**"
    assert "> Should I stack them or hang them?" in text.splitlines()
    assert "- Stack them *flat*." in text and "- Keep them dark." in text
    assert "[More tips](https://example.org/tyres)" in text and "![](https://example.org/tyre.jpg)" in text
    for tag in ("[quote", "[/quote]", "[list]", "[*]", "[color", "[size", "[youtube", "dQw4w9"):
        assert tag not in text


def test_a_bbcode_post_gives_its_text_without_tags(config: Any) -> None:
    doc = only_document(config, "tyres.txt", FORUM)
    assert unwrapped(FIRST) in doc["body"] and " ".join(SECOND.split()) in doc["body"]
    assert "[" not in doc["body"] and "https://" not in doc["body"]


def test_nested_quotes_and_code_blocks_keep_their_lines() -> None:
    text = unpack_docformat("[quote=a][quote=b]inner\nline[/quote]outer[/quote]\nreply\n[code]x = [1][/code]\n[/b][/i]")
    assert [line for line in text.splitlines() if line][:4] == ["> > inner", "> > line", "> outer", "reply"]
    assert "```\nx = [1]\n```" in text


def test_one_closing_tag_is_no_bbcode() -> None:
    text = "A script's string ends in [/quote] once.\n\nAnd [b] is a bracket.\n"
    assert unpack_docformat(text) == text


NOTES = """#+TITLE: Keeping Bees on a City Roof
#+AUTHOR: Jonas Weber
#+DATE: <2023-08-19 Sat>
#+OPTIONS: toc:nil

* The first season
  Our two hives arrived in April and were set on the roof of the library,
  where the wind is gentler than we feared. By June the colonies were strong
  enough to take a first small harvest of honey from the lime trees.

** What went wrong
   A late frost in May cost one colony most of its brood. We learned to wrap
   the hives and to feed sugar syrup until the weather settled, and the colony
   recovered by midsummer.

#+BEGIN_SRC python
print("bees")
#+END_SRC

- Check the hives every nine days in spring.
- Keep a notebook of each inspection.

[[https://example.org/bees][Our beekeeping club]] meets on Thursdays.
"""


def test_an_authored_document_keeps_its_short_closing_lines(config: Any) -> None:
    """An Org (AsciiDoc, MediaWiki, Textile, BBCode) document is its author's own text: the
    content model, learned on web pages, does not judge it, so its list and its short last
    paragraph stay."""
    doc = only_document(config, "notes.org", NOTES)
    assert doc["body"].endswith("Our beekeeping club meets on Thursdays.")
    assert not any(r["rule"] == "content-model" for r in doc["removed"])
