"""Journal articles (JATS), news stories (NITF) and edited texts (TEI) in XML are read as
markdown: their header's title, authors, date, address and publisher as metadata, their
body without references, figure captions, citation markers or notes.

Every document here is invented.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from flows.clean.pipeline import process_file
from flows.clean.xmldocs import unpack_xml_article
from flows.errors import UnsupportedFormat
from flows.model import RawFile

JATS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN" "JATS-journalpublishing1-3.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML">
<front>
<journal-meta><journal-title-group><journal-title>Journal of Harbour Studies</journal-title></journal-title-group>
<publisher><publisher-name>Bayport University Press</publisher-name></publisher></journal-meta>
<article-meta>
<article-id pub-id-type="doi">10.5555/jhs.2024.017</article-id>
<title-group><article-title>Winter Storms and the <italic>Northern</italic> Harbour Wall</article-title>
<subtitle>Ten years of damage records</subtitle></title-group>
<contrib-group>
<contrib contrib-type="author"><name><surname>Roe</surname><given-names>Jane</given-names></name>
<xref ref-type="aff" rid="a1">1</xref></contrib>
<contrib contrib-type="author"><string-name>Sam Lee</string-name></contrib>
<contrib contrib-type="editor"><name><surname>Doe</surname><given-names>John</given-names></name></contrib>
</contrib-group>
<aff id="a1"><label>1</label>Institute of Coastal Research, Westport</aff>
<pub-date pub-type="collection"><year>2024</year></pub-date>
<pub-date pub-type="ppub"><day>20</day><month>04</month><year>2024</year></pub-date>
<pub-date pub-type="epub"><day>12</day><month>03</month><year>2024</year></pub-date>
<abstract><p>We read ten years of damage records for the northern harbour wall and found that the
worst damage followed storms from the north-east, when high tides met strong winds [<xref ref-type="bibr" rid="r1">1</xref>].</p></abstract>
</article-meta>
</front>
<body>
<sec id="s1"><label>1.</label><title>Introduction</title>
<p>The northern wall has been closed to walkers since the winter storms damaged its far end
[<xref ref-type="bibr" rid="r1">1</xref>, <xref ref-type="bibr" rid="r2">2</xref>]. Its stone facing was laid in
1880 and has been mended many times since then (<xref ref-type="fig" rid="f1">Figure 1</xref>).</p>
<fig id="f1"><label>Figure 1.</label><caption><title>The wall at dusk.</title>
<p>Photograph taken from the ferry in 2023.</p></caption><graphic xlink:href="f1.png"/></fig>
<sec><title>Earlier work</title>
<p>Two surveys, in 1998 and 2010, counted the broken stones along the whole length of the
wall<xref ref-type="bibr" rid="r2"><sup>2</sup></xref>. The counts are kept in
<ext-link ext-link-type="uri" xlink:href="https://records.example/wall">the council's records</ext-link>.</p>
<list list-type="bullet"><list-item><p>the 1998 survey counted 40 broken stones;</p></list-item>
<list-item><p>the 2010 survey counted 95 broken stones.</p></list-item></list>
</sec>
</sec>
<sec><title>Results</title>
<p>The number of broken stones doubled with each decade<fn id="fn1"><p>Counted by hand.</p></fn>, and most of the
new damage was found on the seaward face of the wall, below the walkway.</p>
<disp-quote><p>The wall will not last another century without repair, and the repair must begin with its core.</p></disp-quote>
<table-wrap id="t1"><label>Table 1</label><caption><p>Stones broken per year.</p></caption>
<table><tr><td>1998</td><td>40</td></tr></table></table-wrap>
<disp-formula id="e1"><mml:math><mml:mi>d</mml:mi><mml:mo>=</mml:mo><mml:mn>2</mml:mn></mml:math></disp-formula>
<p>We recommend that the council rebuild the core of the wall before the autumn tides and that
it count the broken stones again in five years.</p>
</sec>
</body>
<back><ack><p>We thank the harbour master.</p></ack>
<ref-list><title>References</title><ref id="r1"><mixed-citation>Moss A. Storms of the north. 2019.</mixed-citation></ref>
<ref id="r2"><mixed-citation>Reed B. Counting stones. 2011.</mixed-citation></ref></ref-list></back>
</article>
"""

NITF = """<?xml version="1.0" encoding="UTF-8"?>
<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" version="-//IPTC//DTD NITF 3.6//EN">
<head>
<title>Ferry service to the island doubles in summer</title>
<docdata><doc-id id-string="bay-2024-0312-ferry"/><date.issue norm="20240312T083000Z"/>
<doc.copyright year="2024" holder="The Bay Courier"/></docdata>
<pubdata type="web" position.section="Local news" ex-ref="https://courier.example/2024/03/12/ferry"/>
</head>
<body>
<body.head>
<hedline><hl1>New ferry doubles island service</hl1><hl2>A boat every hour from May to September</hl2></hedline>
<byline>By <person>Jane Roe</person> and <person>Sam Lee</person>, <byttl>Staff Writers</byttl></byline>
<dateline><location>Bayport</location>, <story.date norm="20240311">March 11</story.date></dateline>
</body.head>
<body.content>
<p>The new ferry arrived in the harbour on Monday morning after a two-day crossing from the yard
where it was built, and it will start carrying passengers to the island next week.</p>
<media media-type="image"><media-reference source="ferry.jpg"/><media-caption>The ferry at the quay on Monday.</media-caption></media>
<p>The ferry company said the boat would carry twice as many bicycles as the old one and would run
every hour through the summer months, with a late boat on Saturdays.<note><p>Timetable subject to change.</p></note></p>
<hl2>Fares stay the same</hl2>
<block>
<p>Fares will not change this year, the company said, although the price of fuel has risen by a
third since the old boat was bought.</p>
<ul><li>A single ticket costs four pounds.</li><li>A bicycle travels free.</li></ul>
<bq><block><p>We have waited ten years for a boat this size, and we will use it every day.</p></block></bq>
<p>The old ferry will be sold to a company on the mainland that runs trips around the bay in summer.</p>
</block>
</body.content>
<body.end><tagline>Jane Roe and Sam Lee report on the harbour for the Courier.</tagline></body.end>
</body>
</nitf>
"""

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="tei_all.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<!-- An invented letter. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0">
<teiHeader>
<fileDesc>
<titleStmt><title type="main">A Letter from the Lighthouse</title><title type="sub">Written in the winter of 1891</title>
<author><persName><forename>Ellen</forename><surname>Marsh</surname></persName></author></titleStmt>
<publicationStmt><publisher>Harbour Letters Project</publisher><date when="2023-06">June 2023</date>
<idno type="URI">https://letters.example/marsh-1891</idno></publicationStmt>
<sourceDesc><p>A manuscript in a private collection.</p></sourceDesc>
</fileDesc>
<profileDesc><creation><date when="1891-12-14">14 December 1891</date></creation></profileDesc>
</teiHeader>
<text>
<front><titlePage><docTitle><titlePart>Letters</titlePart></docTitle></titlePage></front>
<body>
<div type="letter">
<opener><dateline>The Lighthouse, 14 December</dateline><salute>Dear Anne,</salute></opener>
<p>The storm has kept us awake for three nights, and tonight at last the wind has dropped and the whole
island sleeps.<note place="foot">The storm of 11 December 1891.</note>The fog horn still sounds every
minute, and father says it will until the morning.<pb n="2"/> I have been reading the books you sent, and
I have finished the first one already.</p>
<list><item>two candles</item><item>a box of tea</item></list>
<p>Father has <choice><abbr>recd</abbr><expan>received</expan></choice> a letter from the <choice><sic>boad</sic><corr>board</corr></choice>
that says the lamp will be <del>changed</del> replaced in the spring, which pleases him, since the old one
has been <choice><orig>smoaking</orig><reg>smoking</reg></choice> all winter.<fw type="catch">I send</fw></p>
<lg type="poem"><head>The lamp</head><l>The lamp is lit, the sea is dark,</l><l>the gulls are all asleep;</l>
<l>and every ship that sees our spark</l><l>keeps clear of what we keep.</l></lg>
<quote><p>Keep the light, and the light keeps you.</p></quote>
<p>Mother sends her love, and asks whether you will come to the island at Easter, when the boats
run again and the weather is kinder.</p>
<closer><salute>Your loving sister,</salute><signed>Ellen</signed></closer>
</div>
</body>
<back><div type="notes"><p>Notes of the editors.</p></div></back>
</text>
</TEI>
"""


def document(config: Any, name: str, text: str) -> dict[str, Any]:
    result = process_file(RawFile(name, text.encode("utf-8")), config)
    assert not result.rejections, result.rejections
    [doc] = result.documents
    return doc


def metadata(doc: dict[str, Any]) -> tuple[Any, ...]:
    return (doc["title"], doc["subtitle"], doc["authors"], str(doc["date_published"]), doc["url"], doc["section"],
            doc["publisher"])


def test_a_jats_article_gives_its_metadata_abstract_and_sections(config: Any) -> None:
    doc = document(config, "wall.xml", JATS)
    assert metadata(doc) == ("Winter Storms and the Northern Harbour Wall", "Ten years of damage records",
                             ["Jane Roe", "Sam Lee"], "2024-03-12", "https://doi.org/10.5555/jhs.2024.017", None,
                             "Bayport University Press")
    assert doc["body"] == (  # an authored document: the content model judges none of it (the heading stays)
        "Abstract\n\n"
        "We read ten years of damage records for the northern harbour wall and found that the worst damage "
        "followed storms from the north-east, when high tides met strong winds.\n\n"
        "Introduction\n\n"
        "The northern wall has been closed to walkers since the winter storms damaged its far end. Its stone "
        "facing was laid in 1880 and has been mended many times since then (Figure 1).\n\n"
        "Earlier work\n\n"
        "Two surveys, in 1998 and 2010, counted the broken stones along the whole length of the wall. The counts "
        "are kept in the council's records.\n\n"
        "- the 1998 survey counted 40 broken stones;\n\n"
        "- the 2010 survey counted 95 broken stones.\n\n"
        "Results\n\n"
        "The number of broken stones doubled with each decade, and most of the new damage was found on the "
        "seaward face of the wall, below the walkway.\n\n"
        "The wall will not last another century without repair, and the repair must begin with its core.\n\n"
        "We recommend that the council rebuild the core of the wall before the autumn tides and that it count "
        "the broken stones again in five years.")
    assert [s["heading"] for s in doc["sections"]] == ["Abstract", "Introduction", "Earlier work", "Results"]
    assert "https://records.example/wall" in doc["links"]


def test_a_jats_article_as_markdown_heads_its_abstract_and_nests_its_sections() -> None:
    lines = unpack_xml_article(JATS).split("\n")
    assert lines[:9] == ["---", 'title: "Winter Storms and the Northern Harbour Wall"',
                         'subtitle: "Ten years of damage records"', 'author: "Jane Roe; Sam Lee"', 'date: "2024-03-12"',
                         'url: "https://doi.org/10.5555/jhs.2024.017"', 'publisher: "Bayport University Press"', "---",
                         ""]
    assert [line for line in lines if line.startswith(("#", "- ", "> "))] == [
        "## Abstract", "## Introduction", "### Earlier work", "- the 1998 survey counted 40 broken stones;",
        "- the 2010 survey counted 95 broken stones.", "## Results",
        "> The wall will not last another century without repair, and the repair must begin with its core."]
    assert "[the council's records](https://records.example/wall)." in lines[lines.index("### Earlier work") + 2]


@pytest.mark.parametrize(("dates", "day"), [
    ('<pub-date pub-type="epub"><month>3</month><year>2024</year></pub-date>', None),
    ('<pub-date pub-type="ppub"><year>2024</year></pub-date>', None),
    ('<pub-date pub-type="epub"><month>3</month><year>2024</year></pub-date>'
     '<pub-date pub-type="ppub"><day>5</day><month>4</month><year>2024</year></pub-date>', "2024-04-05"),
    ('<pub-date publication-format="electronic" date-type="pub" iso-8601-date="2024-03-05"><year>2024</year>'
     "</pub-date>", "2024-03-05"),
    ('<pub-date pub-type="epub"><day>31</day><month>02</month><year>2024</year></pub-date>', None),
], ids=["year-month", "year", "a-full-one-wins", "iso-attribute", "no-such-day"])
def test_a_jats_date_is_given_only_to_the_day(dates: str, day: str | None) -> None:
    text = unpack_xml_article(f"<article><front><article-meta><title-group><article-title>Tides</article-title>"
                              f"</title-group>{dates}</article-meta></front><body><p>Text.</p></body></article>")
    assert (f'date: "{day}"' in text.split("\n")) if day else "date:" not in text


@pytest.mark.parametrize(("paragraph", "read"), [
    ('storms [<xref ref-type="bibr" rid="r1">1</xref>].', "storms."),
    ('storms [<xref ref-type="bibr">1</xref>–<xref ref-type="bibr">3</xref>] and tides.', "storms and tides."),
    ('storms (<xref ref-type="bibr">Moss, 2019</xref>; <xref ref-type="bibr">Reed, 2011</xref>).', "storms."),
    ('storms<sup><xref ref-type="bibr">1</xref>,<xref ref-type="bibr">2</xref></sup>.', "storms."),
    ('storms (<xref ref-type="fig">Figure 2</xref>).', "storms (Figure 2)."),
    ('tides<xref ref-type="fn" rid="n1">*</xref><fn id="n1"><p>Spring tides.</p></fn>, rain', "tides, rain"),
    ('<inline-formula><alternatives><inline-graphic xlink:href="f.png"/><tex-math>x^2</tex-math>'
     '</alternatives></inline-formula> grows', "x^2 grows"),
], ids=["bracket", "range", "parentheses", "superscript", "figure-kept", "footnote", "formula"])
def test_a_jats_citation_marker_goes_with_its_brackets(paragraph: str, read: str) -> None:
    text = unpack_xml_article(f'<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta/></front>'
                              f"<body><p>{paragraph}</p></body></article>")
    assert text == read


def test_a_nitf_story_gives_its_headline_byline_date_and_section(config: Any) -> None:
    doc = document(config, "ferry.xml", NITF)
    assert metadata(doc) == ("New ferry doubles island service", "A boat every hour from May to September",
                             ["Jane Roe", "Sam Lee"], "2024-03-12", "https://courier.example/2024/03/12/ferry",
                             "Local news", "The Bay Courier")
    assert doc["body"] == (
        "The new ferry arrived in the harbour on Monday morning after a two-day crossing from the yard where it "
        "was built, and it will start carrying passengers to the island next week.\n\n"
        "The ferry company said the boat would carry twice as many bicycles as the old one and would run every "
        "hour through the summer months, with a late boat on Saturdays.\n\n"
        "Fares stay the same\n\n"
        "Fares will not change this year, the company said, although the price of fuel has risen by a third since "
        "the old boat was bought.\n\n"
        "- A single ticket costs four pounds.\n\n"
        "- A bicycle travels free.\n\n"
        "We have waited ten years for a boat this size, and we will use it every day.\n\n"
        "The old ferry will be sold to a company on the mainland that runs trips around the bay in summer.")
    assert [s["heading"] for s in doc["sections"]] == [None, "Fares stay the same"]


@pytest.mark.parametrize(("byline", "authors"), [
    ("<byline>By Jane Roe, <byttl>Staff Writer</byttl></byline>", 'author: "Jane Roe"'),
    ("<byline>BY JANE ROE</byline>", 'author: "JANE ROE"'),
    ("<byline><person>Jane Roe</person></byline><byline><person>Sam Lee</person></byline>",
     'author: "Jane Roe; Sam Lee"'),
])
def test_a_nitf_byline_names_its_people_without_the_by(byline: str, authors: str) -> None:
    text = unpack_xml_article(f"<nitf><body><body.head>{byline}</body.head><body.content><p>Text.</p>"
                              "</body.content></body></nitf>")
    assert text.split("\n")[:3] == ["---", authors, "---"]


def test_a_tei_text_gives_its_header_and_its_body_without_notes(config: Any) -> None:
    doc = document(config, "letter.xml", TEI)
    assert metadata(doc) == ("A Letter from the Lighthouse", "Written in the winter of 1891", ["Ellen Marsh"],
                             "1891-12-14", "https://letters.example/marsh-1891", None, "Harbour Letters Project")
    assert doc["body"] == (  # the letter's salute and closing are its text: the content model judges none of it
        "The Lighthouse, 14 December\n\n"
        "Dear Anne,\n\n"
        "The storm has kept us awake for three nights, and tonight at last the wind has dropped and the whole "
        "island sleeps. The fog horn still sounds every minute, and father says it will until the morning. I have "
        "been reading the books you sent, and I have finished the first one already.\n\n"
        "- two candles\n\n"
        "- a box of tea\n\n"
        "Father has received a letter from the board that says the lamp will be replaced in the spring, which "
        "pleases him, since the old one has been smoking all winter.\n\n"
        "The lamp\n\n"
        "The lamp is lit, the sea is dark, the gulls are all asleep;\n\n"  # joined as any wrapped lines are
        "and every ship that sees our spark keeps clear of what we keep.\n\n"
        "Keep the light, and the light keeps you.\n\n"
        "Mother sends her love, and asks whether you will come to the island at Easter, when the boats run again "
        "and the weather is kinder.\n\n"
        "Your loving sister,\n\n"
        "Ellen")


def test_a_tei_text_as_markdown_keeps_a_verse_line_a_line_and_its_letter_parts() -> None:
    assert unpack_xml_article(TEI).split("---\n", 2)[2] == (
        "\nThe Lighthouse, 14 December\n\nDear Anne,\n\n"
        "The storm has kept us awake for three nights, and tonight at last the wind has dropped and the whole "
        "island sleeps. The fog horn still sounds every minute, and father says it will until the morning. I have "
        "been reading the books you sent, and I have finished the first one already.\n\n"
        "- two candles\n- a box of tea\n\n"
        "Father has received a letter from the board that says the lamp will be replaced in the spring, which "
        "pleases him, since the old one has been smoking all winter.\n\n"
        "## The lamp\n\n"
        "The lamp is lit, the sea is dark,\nthe gulls are all asleep;\nand every ship that sees our spark\n"
        "keeps clear of what we keep.\n\n"
        "> Keep the light, and the light keeps you.\n\n"
        "Mother sends her love, and asks whether you will come to the island at Easter, when the boats run again "
        "and the weather is kinder.\n\n"
        "Your loving sister,\n\nEllen")


def test_a_tei_p4_text_without_a_namespace_reads_its_named_characters() -> None:
    text = unpack_xml_article('<!DOCTYPE TEI.2 SYSTEM "tei2.dtd"><TEI.2><teiHeader><fileDesc><titleStmt>'
                              "<title>Tides</title><author>Marsh, Ellen</author></titleStmt></fileDesc></teiHeader>"
                              "<text><body><div1><head>One</head><div2><head>Two</head><p>High &mdash; and "
                              "low&nbsp;tides &unknown; turn.</p></div2></div1></body></text></TEI.2>")
    assert text == ('---\ntitle: "Tides"\nauthor: "Marsh, Ellen"\n---\n\n## One\n\n### Two\n\n'
                    "High — and low tides turn.")


@pytest.mark.parametrize("text", [
    "<html><head><title>Tides</title></head><body><article><h1>Tides</h1><p>High and low.</p></article></body></html>",
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
    "<p>Tides.</p></body></html>",
    '<article class="post"><div class="article-meta">By Jane Roe</div><p>High and low tides.</p></article>',
    '<?xml version="1.0"?><rss version="2.0"><channel><item><title>Tides</title></item></channel></rss>',
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Tides</title></entry></feed>',
    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/'
    "</loc></url></urlset>",
    '<svg xmlns="http://www.w3.org/2000/svg"><title>Tides</title><text>High</text></svg>',
    '<TEI xmlns="http://example.org/not-tei"><text><body><p>Tides.</p></body></text></TEI>',
    "<article><p>An article element with no article-meta.</p></article>",
    "<!---->" * 60 + "<TEI><text><body><p>Past the prolog's limit.</p></body></text></TEI>",
    "The TEI and NITF formats.", "",
], ids=["html", "xhtml", "html-article", "rss", "atom", "sitemap", "svg", "other-namespace", "bare-article",
        "long-prolog", "text", "empty"])
def test_other_xml_and_html_come_back_unchanged(text: str) -> None:
    assert unpack_xml_article(text) == text


def test_entities_are_never_resolved_nor_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-IN-A-FILE", encoding="utf-8")
    laughs = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    text = (f'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY file SYSTEM "{secret.as_uri()}">'
            '<!ENTITY net SYSTEM "http://example.invalid/entity.txt"><!ENTITY l0 "lol">' + laughs + "]>"
            "<TEI><teiHeader><fileDesc><titleStmt><title>Tides &file; &net;</title></titleStmt></fileDesc>"
            "</teiHeader><text><body><p>High &file; and &net; low tides.</p><p>Then &l9; more.</p></body></text></TEI>")
    start = time.perf_counter()
    markdown = unpack_xml_article(text)
    assert time.perf_counter() - start < 1
    assert markdown.startswith('---\ntitle: "Tides"\n---\n\nHigh and low tides.')
    assert "SECRET" not in markdown and "lol" not in markdown


def test_a_text_that_cannot_be_parsed_is_refused_as_damaged() -> None:
    with pytest.raises(UnsupportedFormat, match="damaged XML article"):
        unpack_xml_article("<nitf><body>\udcff</body></nitf>")  # a lone surrogate: no UTF-8 for the parser


@pytest.mark.parametrize("body", [
    "<div>" * 5_000 + "<p>deep</p>",
    "<p>" + "<hi>" * 250 + "deep" + "</hi>" * 250 + "</p>",
    "<p>" + "[<ref/>, " * 100_000 + "</p>",
    "<p>" + "word<note>n</note>" * 100_000 + "</p>",
    "<list>" + "<item>a</item>" * 100_000 + "</list>",
    "<p>" + "a<lb/>" * 200_000 + "</p>",
    "<lg>" + "<l>a line</l>" * 100_000 + "</lg>",
], ids=["deep-divs", "deep-inline", "brackets", "notes", "items", "breaks", "lines"])
def test_hostile_documents_cost_linear_time(body: str) -> None:
    start = time.perf_counter()
    unpack_xml_article(f"<TEI><text><body>{body}</body></text></TEI>")
    assert time.perf_counter() - start < 5


def test_many_citation_markers_cost_linear_time() -> None:
    start = time.perf_counter()
    text = unpack_xml_article("<article><front><article-meta/></front><body><p>"
                              + "storms [<xref ref-type='bibr'>1</xref>, " * 50_000 + "</p></body></article>")
    assert time.perf_counter() - start < 5 and "<xref" not in text
