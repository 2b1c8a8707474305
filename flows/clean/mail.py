"""A saved e-mail whose text is still in its transfer encoding: unpack it before cleaning.

Newsletters arrive as ``.eml`` exports: a header block, then a body in quoted-printable
(``=E2=80=93``, lines cut with a trailing ``=``) or base64, and header values in encoded
words (``=?UTF-8?Q?Ferry_timetable?=``). Read as they are, the soft line breaks cut words
in two and the title is an encoded word. ``unpack_mail`` gives the header block with its
values decoded, a blank line and the body as text (the plain-text part of a multipart
message, else its HTML part, which the HTML path then reads); the mail-header rule and
the metadata readers then see an ordinary mail. Any other text comes back unchanged.

A web page saved as one file (MHTML: ``.mhtml``/``.mht``, what a browser's "Save as single
file" writes) is the same format: a ``multipart/related`` message whose root part is the
page's HTML, in quoted-printable, followed by its images in base64. Its HTML part is
unpacked and read as a page, with the address it was saved from as the page's URL; the
message's date is the day it was saved, not published, and its sender names the
browser, so neither is kept.

The parsing is the standard library's ``email`` package, which handles the encodings,
charsets and MIME structure; nothing here decodes by hand.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
from email.message import EmailMessage, MIMEPart
from typing import Any

from flows.clean.htmlpage import extract_whole_page
from flows.clean.records import records_as_text

#: A header line: a field name, a colon, a value ("Content-Transfer-Encoding: base64").
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,40}:[ \t]")
_ENCODED = re.compile(r"^content-transfer-encoding:\s*(?:quoted-printable|base64)\s*$|=\?[\w-]+\?[QqBb]\?"
                      r"|^content-type:\s*multipart/related\b", re.IGNORECASE | re.MULTILINE)
#: The marks of a saved web page (MHTML) rather than a mail: the address a browser saved it
#: from, or a sender that names the browser ("<Saved by Blink>", "<Saved by Windows Internet Explorer>").
_SAVED_PAGE = re.compile(r"^snapshot-content-location:|^from:\s*<?saved by\b", re.IGNORECASE | re.MULTILINE)
#: The header fields kept (decoded) over the body, in this order: what the mail-header rule
#: and the metadata readers use.
_KEPT = ("From", "To", "Subject", "Date")
#: A longer header value is read as it stands, cut to this length: the email package parses a
#: value in time quadratic in its words (a 500,000-character Subject took 11 s).
_MAX_HEADER = 10_000
_HEAD = re.compile(r"<head\b[^<>]*>", re.IGNORECASE)
_H1 = re.compile(r"<h1\b", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]{2,40})""", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^<>]*>\s*[^<\s]", re.IGNORECASE)
#: The line that opens each message of an mbox file, the sender and an asctime date
#: ('From sender@example.org Tue Mar  5 07:12:00 2024'), over the message's first header line.
_POSTMARK = re.compile(r"From \S{1,200} +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                       r" +\d{1,2} \d\d:\d\d(?::\d\d)?(?: [+-]?\d{4}| [A-Z]{2,5})? \d{4}[ \t]*\n[A-Za-z][\w-]{0,40}:")
_ESCAPED_POSTMARK = re.compile(r"^>(>*From )", re.MULTILINE)
_OWN_URL = re.compile(r"""<(?:meta[^<>]+property=["']?og:url|link[^<>]+rel=["']?canonical)\b""", re.IGNORECASE)


def unpack_mail(text: str, max_header_lines: int = 60) -> str:
    """The text of a transfer-encoded e-mail as header fields, a blank line and its body; the
    messages of a mailbox (mbox) as articles of their own."""
    if text.lstrip("\ufeff").startswith("From ") and _POSTMARK.match(text.lstrip("\ufeff")):
        return _mailbox(text.lstrip("\ufeff"))
    head, blank, _ = text.lstrip("\ufeff\r\n").partition("\n\n")
    lines = head.splitlines()
    if not blank or not lines or len(lines) > max_header_lines or not _HEADER.match(lines[0]) \
            or not _ENCODED.search(head):
        return text
    try:
        message = email.message_from_string(text.lstrip("\ufeff\r\n"), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        part = message.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part is not None else None
        if not isinstance(body, str) or not body.strip():
            return text
        if part is not None and part.get_content_subtype() == "html":
            if _SAVED_PAGE.search(head):
                return _saved_page(_html_text(part), message, part)
            return _with_head(body, message)
        fields = [f"{name}: {' '.join(str(value).split())}" for name in _KEPT if (value := _header(message, name))]
    except Exception:  # on a malformed header the email package raises many kinds (AttributeError too)
        return text  # a broken mail is read as it is
    return "\n".join(fields) + "\n\n" + body.replace("\r\n", "\n")


def _mailbox(text: str) -> str:
    """The messages of an mbox file (each opened by a 'From sender date' line) as articles: the
    subject as headline, the sender as author, the date, the body (an HTML body as its
    paragraphs); ``text`` unchanged when no message holds a body."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("From ") and (i == 0 or not lines[i - 1].strip())
              and _POSTMARK.match("\n".join(lines[i:i + 2]))]
    records = [record for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)
               if (record := _message_record("\n".join(lines[start + 1: end])))]
    return records_as_text(records) or text


def _message_record(raw: str) -> dict[str, str] | None:
    """One message of a mailbox as a record (title, author, date, text); None when it has no body."""
    try:
        message = email.message_from_string(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            return None
        if part.get_content_subtype() == "html":
            body = extract_whole_page(_html_text(part))[0]
        else:
            body = str(part.get_content()).replace("\r\n", "\n")
        body = _ESCAPED_POSTMARK.sub(r"\1", body).strip()  # mbox wrote '>From ' for a body line 'From '
        name, day, subject = _sender_day_subject(message)
    except Exception:  # a malformed message (the email package raises many kinds): its raw text
        return {"text": raw.strip()} if raw.strip() else None
    if not body:
        return None
    fields = {"title": subject, "author": name, "date": day}
    return {"text": body, **{key: value for key, value in fields.items() if value}}


def _html_text(part: MIMEPart) -> str:
    """An HTML part's text in its charset: the part's own, else the one the page declares in a
    ``<meta>`` (a browser saving a page leaves it out of the part's header), else UTF-8."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return str(part.get_content())
    declared = _META_CHARSET.search(data[:4096])
    for charset in (part.get_content_charset(), declared.group(1).decode("ascii") if declared else None, "utf-8"):
        if charset:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return data.decode("cp1252", errors="replace")


def _saved_page(page: str, message: EmailMessage, part: MIMEPart) -> str:
    """A saved web page's HTML with the address it was saved from as its URL (unless the page
    names its own), its title from the message's subject when the page has none."""
    url = " ".join(str(_header(message, "Snapshot-Content-Location") or part["Content-Location"] or "").split())
    subject = " ".join(str(_header(message, "Subject") or "").split())
    own_url = _OWN_URL.search(page) is not None
    tags = [f'<meta property="og:url" content="{html.escape(url)}">'] \
        if url.startswith(("http://", "https://")) and not own_url else []
    tags += [f"<title>{html.escape(subject)}</title>"] if subject and not _TITLE.search(page) else []
    return _into_head(page, tags)


def _with_head(page: str, message: EmailMessage) -> str:
    """An HTML mail as an HTML page: its date, its sender (as the publisher: a byline in the
    mail names the author) and, when the mail has no headline of its own, its subject go
    into the page's head, where the HTML path reads them."""
    name, day, subject = _sender_day_subject(message)
    tags = [f"<title>{html.escape(subject)}</title>"] if subject and not _H1.search(page) else []
    tags += [f'<meta property="og:site_name" content="{html.escape(name)}">'] if name else []
    tags += [f'<meta name="date" content="{day}">'] if day else []
    return _into_head(page, tags)


def _sender_day_subject(message: EmailMessage) -> tuple[str, str, str]:
    """A message's sender's name, its day (ISO) and its subject, each '' when it has none."""
    sender = _header(message, "From")
    name = sender.addresses[0].display_name if getattr(sender, "addresses", None) else ""
    date = _header(message, "Date")
    day = date.datetime.date().isoformat() if date is not None and getattr(date, "datetime", None) else ""
    return name, day, " ".join(str(_header(message, "Subject") or "").split())


def _header(message: EmailMessage, name: str) -> Any:
    """``message[name]``; its raw value cut to ``_MAX_HEADER`` characters when that is longer."""
    raw = next((value for key, value in message.raw_items() if key.lower() == name.lower()), None)
    if isinstance(raw, str) and len(raw) > _MAX_HEADER:
        return raw[:_MAX_HEADER]
    return message[name]


def _into_head(page: str, tags: list[str]) -> str:
    """``page`` with ``tags`` at the start of its head (a head made when it has none)."""
    head = _HEAD.search(page)
    if head is not None:
        return page[: head.end()] + "".join(tags) + page[head.end():]
    return "<head>" + "".join(tags) + "</head>" + page
