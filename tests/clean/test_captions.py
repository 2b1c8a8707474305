"""Subtitle and caption files (SubRip, WebVTT) are read as the transcript they hold: running
prose with no cue number, timecode, tag or repeated rolling line, and no timecode as title.

Every caption here is invented.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.clean.captions import unpack_captions
from flows.clean.pipeline import process_file
from flows.model import RawFile

TIMECODE = re.compile(r"\d\d:\d\d[:.,]\d\d|-->")

SRT = (
    "1\n00:00:01,000 --> 00:00:04,000\nGood evening, and welcome to this talk about the <i>harbour wall</i>.\n\n"
    "2\n00:00:04,200 --> 00:00:07,500\nWe will look at how the stone facing\nis repaired &amp; rebuilt.\n\n"
    "3\n00:00:07,600 --> 00:00:10,000\n{\\an8}The council asked for a plan in the spring.\n\n"
    "4\n00:00:14,000 --> 00:00:18,000\nAfter the break we turn to the history of the harbour itself.\n"
)
SRT_BODY = (
    "Good evening, and welcome to this talk about the harbour wall. We will look at how the stone facing is "
    "repaired & rebuilt. The council asked for a plan in the spring.\n\n"
    "After the break we turn to the history of the harbour itself."
)

VTT = """WEBVTT
Kind: captions
Language: en

NOTE written for the tests,
over two lines

STYLE
::cue { color: yellow }

opening
00:00:00.000 --> 00:00:03.000 align:start position:10%
<v Ada Lane>Good evening, and thank you all for coming to the lecture tonight.

00:00:03.000 --> 00:00:06.000
<v Ada Lane>I will talk about the old lighthouse and the people who kept it.

00:00:06.400 --> 00:00:08.000
<v.question Tom Reed>How old is the lighthouse?</v>

00:00:08.200 --> 00:00:11.000
<v Ada Lane>It was built <b>two hundred</b> years ago, <c.yellow>in stone</c>.
"""
VTT_BODY = (
    "Ada Lane: Good evening, and thank you all for coming to the lecture tonight. I will talk about the old "
    "lighthouse and the people who kept it.\n\n"
    "Tom Reed: How old is the lighthouse?\n\n"
    "Ada Lane: It was built two hundred years ago, in stone."
)

# Auto-generated captions: each line rolls up through a second cue, words carry timestamps,
# and a line of one space keeps a cue open.
ROLLING = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.000 align:start position:0%
\x20
the<00:00:00.400><c> harbour</c><00:00:00.800><c> wall</c><00:00:01.200><c> was</c><00:00:01.600><c> closed</c>

00:00:02.000 --> 00:00:02.010 align:start position:0%
the harbour wall was closed
\x20

00:00:02.010 --> 00:00:05.000 align:start position:0%
the harbour wall was closed
after<00:00:02.300><c> the</c><00:00:02.700><c> winter</c><00:00:03.100><c> storms</c><00:00:03.500><c> broke</c>

00:00:05.000 --> 00:00:05.010 align:start position:0%
after the winter storms broke
\x20

00:00:05.010 --> 00:00:08.000 align:start position:0%
after the winter storms broke
its<00:00:05.500><c> northern</c><00:00:06.000><c> end</c><00:00:06.500><c> and</c><00:00:07.000><c> the</c><00:00:07.500><c> path</c>

00:00:08.000 --> 00:00:08.010 align:start position:0%
its northern end and the path
\x20

00:00:12.000 --> 00:00:15.000 align:start position:0%
\x20
engineers<00:00:12.500><c> say</c><00:00:13.000><c> the</c><00:00:13.500><c> facing</c><00:00:14.000><c> can</c><00:00:14.500><c> be</c>

00:00:15.000 --> 00:00:15.010 align:start position:0%
engineers say the facing can be
\x20

00:00:15.010 --> 00:00:17.000 align:start position:0%
engineers say the facing can be
saved<00:00:15.500><c> before</c><00:00:16.000><c> the</c><00:00:16.500><c> autumn</c>
"""
ROLLING_BODY = ("the harbour wall was closed after the winter storms broke its northern end and the path engineers say "
                "the facing can be saved before the autumn")


def only_document(config: Any, text: str | bytes, name: str) -> dict[str, Any]:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    result = process_file(RawFile(name, data), config)
    assert len(result.documents) == 1, result.rejections
    return result.documents[0]


def assert_no_caption_marks(doc: dict[str, Any]) -> None:
    assert not TIMECODE.search(doc["body"])
    assert not re.search(r"^\d+$", doc["body"], re.MULTILINE)  # no cue number on a line of its own
    assert not re.search(r"[<>{}]|&amp;", doc["body"])
    for field in ("title", "publisher", "subtitle"):
        assert not TIMECODE.search(doc.get(field) or ""), (field, doc.get(field))


def test_a_subrip_file_reads_as_paragraphs_of_its_cue_texts(config: Any) -> None:
    doc = only_document(config, SRT, "talk.srt")
    assert doc["body"] == SRT_BODY
    assert_no_caption_marks(doc)
    assert doc["title"] is None and doc["publisher"] is None


def test_crlf_line_ends_and_a_byte_order_mark_read_the_same(config: Any) -> None:
    data = b"\xef\xbb\xbf" + SRT.replace("\n", "\r\n").encode("utf-8")
    doc = only_document(config, data, "talk.srt")
    assert doc["body"] == SRT_BODY
    assert_no_caption_marks(doc)
    assert unpack_captions("\ufeff" + SRT.replace("\n", "\r\n")) == unpack_captions(SRT)


def test_a_webvtt_file_names_each_speaker_where_the_speaker_changes(config: Any) -> None:
    doc = only_document(config, VTT, "lecture.vtt")
    assert doc["body"] == VTT_BODY
    assert_no_caption_marks(doc)
    assert "NOTE" not in doc["body"] and "cue" not in doc["body"] and "opening" not in doc["body"]


def test_rolling_auto_captions_keep_each_line_once(config: Any) -> None:
    doc = only_document(config, ROLLING, "video.en.vtt")
    assert doc["body"] == ROLLING_BODY
    assert_no_caption_marks(doc)
    assert doc["title"] is None


def test_a_long_pause_starts_a_paragraph_a_short_one_does_not() -> None:
    words = " ".join(["word"] * 20)
    cue = "{n}\n00:00:{a:02d},000 --> 00:00:{b:02d},000\n{text}\n\n"
    text = (cue.format(n=1, a=1, b=4, text=words) + cue.format(n=2, a=5, b=7, text="Short gap.")
            + cue.format(n=3, a=9, b=11, text="Long gap."))
    assert unpack_captions(text) == f"{words} Short gap.\n\nLong gap.\n"


def test_a_repeated_line_is_dropped_only_when_the_same_speaker_says_it() -> None:
    cue = "00:00:0{a}.000 --> 00:00:0{b}.000\n{text}\n\n"
    text = "WEBVTT\n\n" + "".join(cue.format(a=a, b=a + 1, text=said) for a, said in
                                  enumerate(["<v Ada>Yes.", "<v Tom>Yes.", "<v Tom>Yes.", "<v Ada>No."]))
    assert unpack_captions(text) == "Ada: Yes.\n\nTom: Yes.\n\nAda: No.\n"


def test_unclosed_tags_on_a_long_line_cost_linear_time() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n" + "<v " * 20_000 + "<c " * 20_000
    start = time.perf_counter()
    unpack_captions(text)
    assert time.perf_counter() - start < 2.0  # linear: well under; a scan to the line end at each tag: far over


@pytest.mark.parametrize("text", [
    "1\nThe council met on Tuesday evening.\n\n2\nThe harbour wall will be repaired.\n",
    "1. Close the harbour path.\n2. Repair the stone facing.\n3. Rebuild the core.\n",
    "1\n\nChapter one begins at the harbour, where the wall was closed after the storms.\n",
    "Notes from the meeting\n\n00:00:01,000 --> 00:00:04,000 is when the recording starts.\n",
    "1\n00:00:01,000 --> 00:00:04,000\nA timecode quoted at the top of an essay.\n\nThe essay goes on.\n\n"
    "It has many paragraphs.\n\nNone of them is a cue.\n",
    "WEBVTT\n\nNo cue follows the header line.\n",
    "",
])
def test_other_texts_come_back_unchanged(text: str) -> None:
    assert unpack_captions(text) == text


def test_an_article_with_a_numbered_list_keeps_it(config: Any) -> None:
    text = ("# Harbour repairs agreed\n\n1. Close the harbour path\n2. Repair the stone facing\n\nThe council agreed "
            "the two steps on Tuesday evening, after a long meeting in which engineers explained why the wall had "
            "failed.\n")
    doc = only_document(config, text, "steps.md")
    assert doc["title"] == "Harbour repairs agreed"
    assert doc["body"].startswith("1. Close the harbour path\n\n2. Repair the stone facing\n\nThe council agreed")


@given(st.text(max_size=400).filter(lambda s: "-->" not in s))
def test_a_text_without_a_timecode_comes_back_unchanged(text: str) -> None:
    assert unpack_captions(text) == text


@given(st.lists(st.sampled_from(["1", "WEBVTT", "", "00:00:01,000 --> 00:00:02,000", "00:01.000 --> 00:02.000",
                                 "NOTE", "<v A>hi", "text", " ", "\r"]), max_size=30))
def test_any_mix_of_caption_lines_unpacks_without_error(lines: list[str]) -> None:
    unpacked = unpack_captions("\n".join(lines))
    assert "-->" not in unpacked or unpacked == "\n".join(lines)


def test_a_sound_description_is_a_paragraph_of_its_own_and_goes_with_its_rule(config: Any) -> None:
    """'[Laughter]' inside a stretch of speech would be glued to the words around it; alone,
    the ``sound-tag`` rule removes it, and says so."""
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nThe harbour wall is older than the town hall.\n\n"
           "00:00:04.100 --> 00:00:05.000\n[Laughter]\n\n"
           "00:00:05.100 --> 00:00:09.000\nAnd it has outlived three mayors, so far.\n")
    assert unpack_captions(vtt).split("\n\n")[1] == "[Laughter]"
    doc = process_file(RawFile("talk.vtt", vtt.encode()), config).documents[0]
    assert "[Laughter]" not in doc["body"]
    assert {"rule": "sound-tag", "text": "[Laughter]"} in doc["removed"]
