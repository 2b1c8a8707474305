"""Saved e-mails in their transfer encoding (quoted-printable, base64, MIME parts) are read
as the mail they are: whole words, a decoded subject as the title, the sender as author.

Every mail here is invented.
"""

from __future__ import annotations

import base64
import datetime as dt
import quopri
from typing import Any

import pytest

from flows.clean.mail import unpack_mail
from flows.clean.pipeline import process_file
from flows.model import RawFile

HEADER = (
    "From: Harbour Weekly <news@harbourweekly.example>\n"
    "To: reader@example.org\n"
    "Subject: =?UTF-8?Q?Ferry_timetable_changes_=E2=80=93_what_you_need_to_know?=\n"
    "Date: Tue, 05 Mar 2024 07:12:00 +0000\n"
    "MIME-Version: 1.0\n"
)
BODY = (
    "The ferry company will change its timetable from the first of April, with two extra crossings on weekday "
    "mornings and one fewer on Sunday evenings.\n\n"
    "Passengers who commute to the island said the extra morning boats were long overdue, while residents "
    "worried about the loss of the late Sunday return.\n"
)


def quoted_printable(text: str) -> str:
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def only_document(config: Any, text: str) -> dict[str, Any]:
    result = process_file(RawFile("issue.eml", text.encode("utf-8")), config)
    assert len(result.documents) == 1, result.rejections
    return result.documents[0]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])  # a saved mail ends its lines as RFC 5322 writes them
def test_a_quoted_printable_mail_reads_as_whole_words_under_its_decoded_subject(config: Any, newline: str) -> None:
    body = quoted_printable(BODY.replace("long overdue", "long overdue – at last"))
    assert "=\n" in body and "=E2=80=93" in body  # the test mail is really encoded
    text = HEADER + 'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n' + body
    text = text.replace("\n", newline)
    doc = only_document(config, text)
    assert doc["title"] == "Ferry timetable changes – what you need to know"
    assert doc["authors"] == ["Harbour Weekly"]
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert "with two extra crossings" in doc["body"] and "long overdue – at last" in doc["body"]
    assert "=" not in doc["body"]


def test_a_base64_body_is_decoded(config: Any) -> None:
    body = base64.encodebytes(BODY.encode("utf-8")).decode("ascii")
    text = HEADER + 'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: base64\n\n' + body
    assert "two extra crossings" in only_document(config, text)["body"]


def test_the_plain_part_of_a_multipart_mail_is_its_body() -> None:
    html = "<html><body><p>Only the HTML part says this.</p></body></html>"
    text = (HEADER + 'Content-Type: multipart/alternative; boundary="b1"\n\n--b1\n'
            'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n'
            + quoted_printable(BODY) + "\n--b1\nContent-Type: text/html; charset=\"utf-8\"\n\n" + html + "\n--b1--\n")
    unpacked = unpack_mail(text)
    assert unpacked.startswith("From: Harbour Weekly <news@harbourweekly.example>\n")
    assert "Subject: Ferry timetable changes – what you need to know\n" in unpacked
    assert "two extra crossings" in unpacked and "Only the HTML part" not in unpacked
    assert "boundary" not in unpacked and "Content-Type" not in unpacked


def test_texts_that_are_not_encoded_mails_come_back_unchanged() -> None:
    plain_mail = "From: Jane Roe <jane@example.org>\nSubject: Slip repair\n\n" + BODY  # no transfer encoding
    not_a_mail = "Harbour news\n\nContent-Transfer-Encoding: base64 is explained below.\n\n" + BODY
    broken = HEADER + "Content-Transfer-Encoding: base64\n\n!!! not base64 at all !!!\n"
    for text in (plain_mail, not_a_mail, "", BODY):
        assert unpack_mail(text) == text
    assert "From:" in unpack_mail(broken)  # a broken mail is read as it is, never lost


def test_a_newsletters_footer_link_row_names_no_section(config: Any) -> None:
    text = ("THE HARBOUR WEEKLY\n\nFERRY TIMETABLE CHANGES FROM APRIL\nby Tom Baker\n\n" + BODY
            + "\nUnsubscribe | Update your preferences | Forward to a friend\n")
    doc = only_document(config, text)
    assert doc["title"] == "FERRY TIMETABLE CHANGES FROM APRIL"
    assert doc["authors"] == ["Tom Baker"]
    assert doc["section"] is None


def test_an_html_mail_is_read_as_a_page_with_the_mails_date_and_sender(config: Any) -> None:
    page = ("<html><body><h1>Spring fair returns to the harbour</h1><p>By Jane Roe</p>"
            "<p>The spring fair will return to the harbour on the last weekend of April, with forty stalls, a brass "
            "band and boat trips for children.</p><p>Organisers said the fair had raised enough last year to repair "
            "the lifeboat station roof, and they hope to fund a new slipway this time.</p></body></html>")
    text = (HEADER + 'Content-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n'
            + quoted_printable(page))
    doc = only_document(config, text)
    assert doc["title"] == "Spring fair returns to the harbour"  # the mail's own headline beats its subject
    assert doc["authors"] == ["Jane Roe"]
    assert doc["publisher"] == "Harbour Weekly"
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["body"].startswith("The spring fair will return") and "From:" not in doc["body"]


@pytest.mark.parametrize("sender", ["From: :Harbour Weekly <news@harbour;weekly.example>",  # a group, broken
                                    "From: <<<@@@>>>", "From: =?UTF-8?Q?=ZZ?= <a@b>"])
def test_a_mail_with_a_broken_header_is_read_as_it_is(config: Any, sender: str) -> None:
    page = "<html><body><p>" + BODY + "</p></body></html>"
    text = (sender + "\nSubject: Spring fair\nDate: Fri, 05 Apr 024 08:00:00 +0100\nMIME-Version: 1.0\n"
            'Content-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n'
            + quoted_printable(page))
    unpack_mail(text)  # no exception, whatever the header
    assert process_file(RawFile("issue.eml", text.encode("utf-8")), config).documents


def saved_page(page: str, browser: str = "From: <Saved by Blink>\nSnapshot-Content-Location: "
               "https://news.example.org/2024/03/05/slipway\n", charset: str = "utf-8") -> str:
    """A web page saved as one MHTML file, as a browser writes it: a multipart/related
    message, the HTML in quoted-printable, then an image in base64."""
    return (browser + "Subject: Slipway approved\nDate: Fri, 22 Nov 2024 09:30:00 -0000\nMIME-Version: 1.0\n"
            'Content-Type: multipart/related;\n\ttype="text/html";\n\tboundary="----MultipartBoundary--x1"\n\n'
            "------MultipartBoundary--x1\nContent-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n"
            "Content-Location: https://news.example.org/2024/03/05/slipway\n\n"
            + quopri.encodestring(page.encode(charset)).decode("ascii")
            + "\n------MultipartBoundary--x1\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
            "Content-Location: https://news.example.org/logo.png\n\n"
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\n"
            "------MultipartBoundary--x1--\n")


SAVED = ("<html><head><title>Harbour committee backs new slipway</title></head><body>"
         "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
         "<h1>Harbour committee backs new slipway</h1><p class='byline'>By Jane Roe</p>"
         "<p>The harbour committee voted on Tuesday to back the new slipway at the north quay, after two years of "
         "debate about its cost and the noise it would bring to the houses along the water.</p>"
         "<p>The slipway will cost about 1.2 million euros, shared between the town and the regional fund, and "
         "work is due to start in the autumn – the chair said it would finish before next summer.</p>"
         "</article><footer>© Town News 2024 · Privacy · Cookies</footer></body></html>")


@pytest.mark.parametrize("browser", [
    "From: <Saved by Blink>\nSnapshot-Content-Location: https://news.example.org/2024/03/05/slipway\n",
    "From: <Saved by Windows Internet Explorer 8>\n",
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])  # Blink writes CRLF
def test_a_web_page_saved_as_mhtml_is_read_as_the_page(config: Any, browser: str, newline: str) -> None:
    text = saved_page(SAVED, browser).replace("\n", newline)
    assert "=3D" in text and "=E2=80=93" in text  # the test page is really encoded
    doc = only_document(config, text)
    assert doc["title"] == "Harbour committee backs new slipway"
    assert doc["authors"] == ["Jane Roe"]
    assert doc["url"] == "https://news.example.org/2024/03/05/slipway"
    assert doc["date_published"] == dt.date(2024, 3, 5)  # the URL's day, never the day it was saved
    assert doc["publisher"] is None  # the sender is the browser
    assert doc["body"] == (
        "The harbour committee voted on Tuesday to back the new slipway at the north quay, after two years of "
        "debate about its cost and the noise it would bring to the houses along the water.\n\n"
        "The slipway will cost about 1.2 million euros, shared between the town and the regional fund, and "
        "work is due to start in the autumn – the chair said it would finish before next summer.")


def test_a_saved_page_keeps_its_own_address_and_title(config: Any) -> None:
    page = SAVED.replace("<head>", "<head><link rel='canonical' href='https://news.example.org/slipway-vote'>")
    unpacked = unpack_mail(saved_page(page))
    assert "og:url" not in unpacked and unpacked.count("<title>") == 1
    doc = only_document(config, saved_page(page.replace("<title>Harbour committee backs new slipway</title>", "")
                                           .replace("<h1>Harbour committee backs new slipway</h1>", "")))
    assert doc["title"] == "Slipway approved"  # no title of its own: the saved file's subject


def test_a_saved_page_is_read_in_the_charset_it_declares(config: Any) -> None:
    page = SAVED.replace("<head>", '<head><meta charset="windows-1252">').replace("Roe", "Roé")
    doc = only_document(config, saved_page(page, charset="cp1252"))
    assert doc["authors"] == ["Jane Roé"] and "autumn – the chair" in doc["body"]


def mailbox_message(subject: str, date: str, body: str, html: bool = False) -> str:
    kind = "html" if html else "plain"
    return (f"From news@harbourweekly.example {date}\nFrom: Harbour Weekly <news@harbourweekly.example>\n"
            f"To: reader@example.org\nSubject: {subject}\nDate: Tue, 05 Mar 2024 07:12:00 +0000\nMIME-Version: 1.0\n"
            f'Content-Type: text/{kind}; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n'
            + quoted_printable(body) + "\n")


def test_the_messages_of_a_mailbox_are_articles_of_their_own(config: Any) -> None:
    second = ("<html><body><p>The covered fish market on the north quay opened on Saturday after two years of "
              "building work – twelve stalls sell the morning catch.</p><p>Stallholders said the first weekend was "
              "busier than they had hoped.</p></body></html>")
    mbox = (mailbox_message("Ferry timetable changes", "Tue Mar  5 07:12:00 2024", BODY + "\nFrom the quay, Jane\n")
            .replace("\nFrom the quay", "\n>From the quay")  # mbox escapes a body line that opens with 'From '
            + "\n" + mailbox_message("New fish market opens", "Tue Mar 12 07:12:00 2024", second, html=True))
    result = process_file(RawFile("news.mbox", mbox.encode("utf-8")), config)
    docs = sorted(result.documents, key=lambda d: d["part"])
    assert [d["title"] for d in docs] == ["Ferry timetable changes", "New fish market opens"]
    assert all(d["authors"] == ["Harbour Weekly"] and d["date_published"] == dt.date(2024, 3, 5) for d in docs)
    assert docs[0]["body"].startswith("The ferry company will change its timetable")
    assert "From the quay, Jane" in docs[0]["body"] and ">From" not in docs[0]["body"]
    assert docs[1]["body"] == ("The covered fish market on the north quay opened on Saturday after two years of "
                               "building work – twelve stalls sell the morning catch.\n\nStallholders said the first "
                               "weekend was busier than they had hoped.")
    assert "=E2" not in docs[0]["body"] + docs[1]["body"] and "Content-Type" not in docs[1]["body"]


def test_a_text_opening_with_from_is_no_mailbox() -> None:
    for text in ("From the archives of the harbour, 1924\n\n" + BODY,
                 "From jane Tue Mar  5 07:12:00 2024\nno header under it\n\n" + BODY):
        assert unpack_mail(text) == text
