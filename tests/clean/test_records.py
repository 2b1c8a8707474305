"""Scraped articles saved as JSON (one object, an array, JSON Lines) are read as articles with
their fields; JSON with no article text is refused with a reason. Invented records only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest

from flows.clean.pipeline import process_file
from flows.clean.records import unpack_records
from flows.model import RawFile

WALL = {"title": "Harbour wall repairs", "author": ["Jane Roe", "John Doe"], "date": "2024-03-05T10:00:00Z",
        "url": "https://news.example/harbour-wall",
        "text": "The council met on Tuesday evening to discuss the repairs to the harbour wall, which has been closed "
                "to walkers since the winter storms damaged its northern end.\n\nEngineers told the meeting that the "
                "stone facing could be saved, but that the core of the wall would have to be rebuilt before the "
                "autumn tides."}
FERRY = {"headline": "New ferry arrives", "byline": "Sam Reed", "published": "2024-03-06",
         "content": "The new ferry arrived in the harbour on Wednesday morning after a two-day crossing from the yard "
                    "where it was built.\n\nThe ferry company said the boat would carry twice as many bicycles as the "
                    "old one and would run every hour through the summer months."}


def run(config: Any, text: str, name: str = "scraped.json") -> Any:
    return process_file(RawFile(name, text.encode("utf-8")), config)


def test_one_record_is_one_article_with_its_fields(config: Any) -> None:
    [doc] = run(config, json.dumps(WALL)).documents
    assert doc["title"] == "Harbour wall repairs"
    assert doc["authors"] == ["Jane Roe", "John Doe"]
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["url"] == "https://news.example/harbour-wall"
    assert doc["body"].startswith("The council met on Tuesday evening")
    assert "{" not in doc["body"] and '"' not in doc["body"]


@pytest.mark.parametrize("text", [json.dumps([WALL, FERRY], indent=2), json.dumps(WALL) + "\n" + json.dumps(FERRY)],
                         ids=["array", "json-lines"])
def test_several_records_are_several_articles(config: Any, text: str) -> None:
    docs = sorted(run(config, text, "scraped.jsonl").documents, key=lambda d: d["part"])
    assert [d["title"] for d in docs] == ["Harbour wall repairs", "New ferry arrives"]
    assert [d["url"] for d in docs] == ["https://news.example/harbour-wall", None]
    assert docs[1]["authors"] == ["Sam Reed"]
    assert docs[1]["date_published"] == dt.date(2024, 3, 6)
    assert docs[1]["body"].startswith("The new ferry arrived") and "Sam Reed" not in docs[1]["body"]


def test_a_short_record_is_an_article_of_its_own(config: Any) -> None:
    brief = {"title": "Late ferry on Saturdays", "author": "Sam Reed", "date": "2024-03-07",
             "text": "The ferry will run a late boat on Saturdays from May, the harbour office said on Monday."}
    docs = sorted(run(config, json.dumps([WALL, brief, FERRY])).documents, key=lambda d: d["part"])
    assert [d["title"] for d in docs] == ["Harbour wall repairs", "Late ferry on Saturdays", "New ferry arrives"]
    assert docs[1]["body"] == brief["text"] and docs[1]["authors"] == ["Sam Reed"]


@pytest.mark.parametrize("graph", [False, True], ids=["node", "graph"])
def test_a_saved_json_ld_news_article_is_read_with_its_fields(config: Any, graph: bool) -> None:
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": WALL["title"],
            "author": [{"@type": "Person", "name": "Jane Roe"}], "datePublished": "2024-03-05T10:00:00+01:00",
            "publisher": {"@type": "Organization", "name": "The Bay Courier"}, "articleBody": WALL["text"]}
    data = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "Home"}, node]} if graph else node
    [doc] = run(config, json.dumps(data)).documents
    assert (doc["title"], doc["authors"], doc["publisher"]) == (WALL["title"], ["Jane Roe"], "The Bay Courier")
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["body"].startswith("The council met on Tuesday evening")


def test_an_api_reply_around_its_list_of_articles_gives_each_with_its_source(config: Any) -> None:
    """A news API's reply ({"status": "ok", "articles": [...]}): each article with its fields,
    camel-case ones too ("publishedAt"), and its source's name as the publisher."""
    def article(record: dict[str, Any], when: str) -> dict[str, Any]:
        return {"source": {"id": None, "name": "The Bay Courier"}, "author": record.get("author") or record["byline"],
                "title": record.get("title") or record["headline"], "publishedAt": when,
                "content": record.get("text") or record["content"]}
    reply = {"status": "ok", "totalResults": 2,
             "articles": [article(WALL, "2024-03-05T10:00:00Z"), article(FERRY, "2024-03-06T09:00:00Z")]}
    docs = sorted(run(config, json.dumps(reply)).documents, key=lambda d: d["part"])
    assert [(d["title"], d["date_published"], d["publisher"]) for d in docs] == [
        ("Harbour wall repairs", dt.date(2024, 3, 5), "The Bay Courier"),
        ("New ferry arrives", dt.date(2024, 3, 6), "The Bay Courier")]
    assert docs[1]["authors"] == ["Sam Reed"] and "Publisher" not in docs[1]["body"]


def test_a_wordpress_api_reply_gives_its_posts_with_their_rendered_html_as_paragraphs(config: Any) -> None:
    """WordPress's REST API writes each field as {"rendered": "<p>…</p>"} and the author as
    an id: the HTML becomes paragraphs, and an id names nobody; the embedded author or
    Yoast's author field names the author."""
    def post(record: dict[str, Any], day: str, slug: str) -> dict[str, Any]:
        html = "".join(f"<p>{p}</p>\n" for p in (record.get("text") or record["content"]).split("\n\n"))
        return {"id": 101, "date": f"{day}T10:00:00", "link": f"https://news.example/{slug}/", "author": 5,
                "title": {"rendered": (record.get("title") or record["headline"]).replace(" ", " &#8211; ", 1)},
                "content": {"rendered": html.replace("stone", "<strong>stone</strong>")}}
    docs = sorted(run(config, json.dumps([post(WALL, "2024-03-05", "wall"), post(FERRY, "2024-03-06", "ferry")]))
                  .documents, key=lambda d: d["part"])
    assert [d["title"] for d in docs] == ["Harbour – wall repairs", "New – ferry arrives"]
    assert [d["url"] for d in docs] == ["https://news.example/wall/", "https://news.example/ferry/"]
    assert [d["authors"] for d in docs] == [[], []]
    assert docs[0]["body"] == WALL["text"] and "<" not in docs[1]["body"]
    embedded = [{**post(WALL, "2024-03-05", "wall"), "_embedded": {"author": [{"id": 5, "name": "Jane Roe"}]}},
                {**post(FERRY, "2024-03-06", "ferry"), "yoast_head_json": {"author": "Sam Reed"}}]
    docs = sorted(run(config, json.dumps(embedded)).documents, key=lambda d: d["part"])
    assert [d["authors"] for d in docs] == [["Jane Roe"], ["Sam Reed"]]  # the name the reply gives beside the id


def test_a_blog_exports_posts_are_found_where_it_nests_them(config: Any) -> None:
    """A Ghost export: {"db": [{"meta": …, "data": {"posts": [...], "tags": [...]}}]}."""
    export = {"db": [{"meta": {"version": "5.0.0"}, "data": {
        "posts": [{"title": WALL["title"], "published_at": "2024-03-05T10:00:00.000Z", "plaintext": WALL["text"],
                   "html": "<p>ignored</p>"}],
        "tags": [{"id": "t1", "name": "Harbour"}]}}]}
    [doc] = run(config, json.dumps(export)).documents
    assert (doc["title"], doc["date_published"]) == (WALL["title"], dt.date(2024, 3, 5))
    assert doc["body"] == WALL["text"]


def test_json_with_no_article_text_is_refused_with_a_reason(config: Any) -> None:
    result = run(config, json.dumps({"name": "harbour", "version": 2, "settings": {"tides": 2}}))
    assert not result.documents
    [rejection] = result.rejections
    assert rejection.stage == "decode" and "JSON data with no article text" in (rejection.detail or "")


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "[1, 2, 3]", "[Home](/) [News](/news)",
                                  "{loadposition user9} The council met.", ""])
def test_other_texts_come_back_unchanged(text: str) -> None:
    assert unpack_records(text) == text


# Spreadsheet exports: a header row naming the fields, one article a row.
COLUMNS = ("title", "author", "date", "text")


def table(rows: list[dict[str, Any]], delimiter: str = ",", columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(" and ".join(v) if isinstance(v := row[c], list) else v for c in columns)
    return out.getvalue()


WALL_ROW = {"title": WALL["title"], "author": WALL["author"], "date": "2024-03-05",
            "text": str(WALL["text"]).replace("the stone facing", 'the "stone facing"')}
FERRY_ROW = {"title": FERRY["headline"], "author": FERRY["byline"], "date": FERRY["published"], "text": FERRY["content"]}


@pytest.mark.parametrize("delimiter", [",", "\t", ";"], ids=["csv", "tsv", "semicolon"])
def test_each_row_of_a_table_export_is_an_article(config: Any, delimiter: str) -> None:
    text = table([WALL_ROW, FERRY_ROW], delimiter)
    assert '""stone facing""' in text and "\n\n" in text  # doubled quotes, a quoted field over lines
    docs = sorted(run(config, text, "export.csv").documents, key=lambda d: d["part"])
    assert [d["title"] for d in docs] == ["Harbour wall repairs", "New ferry arrives"]
    assert [d["authors"] for d in docs] == [["Jane Roe", "John Doe"], ["Sam Reed"]]
    assert [d["date_published"] for d in docs] == [dt.date(2024, 3, 5), dt.date(2024, 3, 6)]
    assert [d["body"] for d in docs] == [WALL_ROW["text"], FERRY_ROW["text"]]


def test_a_one_row_table_is_its_text_under_its_fields(config: Any) -> None:
    columns = ("URL", "Headline", "Published At", "Body")  # names as a spreadsheet writes them
    row = {"URL": WALL["url"], "Headline": WALL["title"], "Published At": WALL["date"], "Body": WALL["text"]}
    [doc] = run(config, "\ufeff" + table([row], columns=columns), "export.csv").documents
    assert doc["title"] == "Harbour wall repairs"
    assert doc["url"] == "https://news.example/harbour-wall"
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["body"] == WALL["text"]


def test_a_table_whose_rows_hold_no_text_is_refused_with_a_reason(config: Any) -> None:
    result = run(config, table([{**WALL_ROW, "text": ""}]), "export.csv")
    [rejection] = result.rejections
    assert rejection.stage == "decode" and "CSV table with no article text" in (rejection.detail or "")


@pytest.mark.parametrize("text", [
    "Title, author, text and pictures\nWe like pictures, words, and more words\n",  # prose: spaces after commas
    "title,author,date\nHarbour wall,Jane Roe,2024-03-05\n",  # no text column: not an article export
    "title,text\nHarbour wall,The council met.\nA line with no comma at all\n",  # a row of another width
    "title,text\n",  # a header and nothing under it
    "text\nThe council met on Tuesday.\n",  # one column: no delimiter to tell
    "title,title,text\na,b,c\n",  # names twice
    "The council, which met on Tuesday, agreed the text of the plan.\nIt will be read again in May.\n",
])
def test_texts_that_are_no_article_table_come_back_unchanged(text: str) -> None:
    assert unpack_records(text) == text


def test_a_chat_channels_export_gives_each_long_post_with_its_headline(config: Any) -> None:
    """A channel export (Telegram's result.json): its posts under "messages", each text a run of
    plain and marked-up pieces; a post's bold first line is its headline, its signature the
    author; a service message has no text and is no article."""
    def post(number: int, head: str, story: dict[str, Any], author: str) -> dict[str, Any]:
        return {"id": number, "type": "message", "date": f"2024-03-0{number}T10:00:00", "from": "Harbour Notes",
                "author": author, "text": [{"type": "bold", "text": head}, "\n\n" + story.get("text", story.get("content"))]}
    export = {"name": "Harbour Notes", "type": "public_channel", "messages": [
        {"id": 1, "type": "service", "date": "2024-03-01T09:00:00", "action": "create_channel", "text": ""},
        post(5, "Harbour wall repairs", WALL, "Jane Roe"), post(6, "New ferry arrives", FERRY, "Sam Reed")]}
    result = run(config, json.dumps(export), "result.json")
    assert not result.rejections
    docs = sorted(result.documents, key=lambda d: d["part"])
    assert [d["title"] for d in docs] == ["Harbour wall repairs", "New ferry arrives"]
    assert [d["authors"] for d in docs] == [["Jane Roe"], ["Sam Reed"]]
    assert [d["date_published"] for d in docs] == [dt.date(2024, 3, 5), dt.date(2024, 3, 6)]
    assert "stone facing could be saved" in docs[0]["body"] and "Harbour wall repairs" not in docs[0]["body"]
