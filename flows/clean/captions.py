"""Subtitle and caption files (SubRip ``.srt``, WebVTT ``.vtt``): unpack them into prose.

Maintainers save the transcripts of talks and videos as caption files: numbered cues, each
a timecode line (``00:00:01,000 --> 00:00:04,000``) over a line or two of speech. Read as
text, the cue numbers and timecodes would be the body's every other line, the first
timecode the title. ``unpack_captions`` gives the cue texts as running prose: consecutive
cues joined into one paragraph, a new paragraph at a pause in the speech (once the
paragraph holds a few sentences' worth of words) or when the speaker changes (a WebVTT
voice tag, ``<v Speaker>``, kept as ``Speaker:`` at the start of that paragraph).
Cue numbers, timecodes, cue settings, WebVTT ``NOTE``, ``STYLE`` and ``REGION`` blocks,
inline tags and character references go; a cue line that repeats the line before it
(auto-generated captions roll each line up through two cues) is kept once. A cue line
wholly in brackets ("[Applause]") is a paragraph of its own, for the ``sound-tag`` rule.

Detection is conservative: WebVTT by its ``WEBVTT`` header line, SubRip by a cue number
and a ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` timecode as its first lines and most of its
blocks so shaped. Any other text, or a caption file with no cue, comes back unchanged.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: A silence of at least this many seconds between two cues starts a new paragraph. Cues of
#: one stretch of speech follow each other with no gap or a gap of a few frames, and a
#: speaker's pause between sentences is shorter than a second; two seconds of silence is a
#: new thought, a slide, a question from the floor: where a transcriber starts a paragraph.
PAUSE_SECONDS = 2.0
#: A pause ends a paragraph only once it holds this many words: a few words before the first
#: pause (a greeting, a topic named) stay with the speech after them, where alone they would
#: read as a headline and be taken for the transcript's title.
PARAGRAPH_MIN_WORDS = 20

# Every repetition in these patterns is bounded: a line of a million unclosed ``<v `` then
# costs a short scan at each position, not one to the end of the line at each.
_TIME = r"(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)[,.](\d{1,3})"
#: A cue's timing line: start, arrow, end, then (WebVTT) cue settings or (SubRip) box coordinates.
_TIMING = re.compile(rf"^[ \t]*{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t].*)?$")
#: SubRip's own timing shape, with hours: what the first cue of a ``.srt`` must show.
_SRT_TIMING = re.compile(r"^[ \t]*\d{1,3}:\d\d:\d\d[,.]\d{1,3}[ \t]+-->[ \t]+\d{1,3}:\d\d:\d\d[,.]\d{1,3}")
_CUE_NUMBER = re.compile(r"^[ \t]*\d{1,9}[ \t]*$")
_WEBVTT = re.compile(r"^\ufeff?WEBVTT(?:[ \t]|$)")
#: WebVTT blocks that are no speech: comments, style sheets, region definitions.
_NOT_SPEECH = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
#: A voice span's opening tag, ``<v Speaker>`` or ``<v.loud Speaker>``: the speaker's name.
_VOICE = re.compile(r"<v(?:\.[^\s>]{0,40})?[ \t]+([^>\n]{0,100})>")
#: Any other inline tag (class, italics, bold, ruby, language, karaoke timestamps, a
#: SubRip ``<font>``) and SubRip's ``{\an8}`` position codes.
_TAG = re.compile(r"</?[A-Za-z0-9.:]{1,30}(?:[ \t][^>\n]{0,100})?>|\{\\[^}\n]{0,40}\}")


@dataclass(slots=True)
class _Cue:
    start: float
    end: float
    lines: list[str]


def unpack_captions(text: str) -> str:
    """The cue texts of a SubRip or WebVTT file as prose paragraphs; any other text unchanged."""
    if "-->" not in text:
        return text
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    if _WEBVTT.match(lines[0]):
        cues = _cues(lines[_header_end(lines):])
    elif _looks_like_srt(lines):
        cues = _cues(lines)
    else:
        return text
    paragraphs = _paragraphs(cues)
    if not paragraphs:
        return text
    return "\n\n".join(paragraphs) + "\n"


def _header_end(lines: list[str]) -> int:
    """The index of the first line after WebVTT's header block (its header line and any
    metadata lines under it, such as ``Kind: captions``)."""
    return next((i for i, line in enumerate(lines) if not line.strip()), len(lines))


def _looks_like_srt(lines: list[str]) -> bool:
    """A cue number then a SubRip timing as the first lines, and most blocks cues."""
    head = [line for line in lines[:50] if line.strip()][:2]
    if len(head) < 2 or not _CUE_NUMBER.match(head[0]) or not _SRT_TIMING.match(head[1]):
        return False
    blocks = cues = 0
    previous_blank = True
    for i, line in enumerate(lines):
        if not line.strip():
            previous_blank = True
            continue
        if previous_blank:
            blocks += 1
            following = lines[i + 1] if i + 1 < len(lines) else ""
            cues += bool(_TIMING.match(line) or (_CUE_NUMBER.match(line) and _TIMING.match(following)))
        previous_blank = False
    return 2 * cues > blocks


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")) / 1000


def _cues(lines: list[str]) -> list[_Cue]:
    """The cues of a caption body: each timing line starts one, its text runs to the next
    cue's identifier or timing line. A comment, style or region block is skipped whole; the
    text of any other block without a timing line stays with the cue before it."""
    cues: list[_Cue] = []
    skipping = False
    for i, line in enumerate(lines):
        after_blank = i == 0 or not lines[i - 1].strip()
        if not line.strip():
            skipping = False
            continue
        if skipping:
            continue
        timing = _TIMING.match(line)
        if timing:
            parts = timing.groups()
            cues.append(_Cue(_seconds(*parts[:4]), _seconds(*parts[4:]), []))
        elif after_blank and _NOT_SPEECH.match(line):
            skipping = True
        elif after_blank and i + 1 < len(lines) and _TIMING.match(lines[i + 1]):
            continue  # a cue identifier (SubRip's cue number)
        elif cues:
            cues[-1].lines.append(line)
    return cues


def _segments(cue: _Cue) -> list[tuple[str | None, str]]:
    """A cue's text lines, each with the speaker a voice tag names for it (None: the speaker
    goes on). A voice span runs to the end of the cue or to the next voice tag."""
    out: list[tuple[str | None, str]] = []
    speaker: str | None = None
    for line in cue.lines:
        pieces = _VOICE.split(line)  # text, speaker, text, speaker, text …
        for k, piece in enumerate(pieces):
            if k % 2:
                speaker = " ".join(html.unescape(_TAG.sub("", piece)).split()) or speaker
            elif piece.strip():
                out.append((speaker, piece))
    return out


#: A cue line wholly in brackets: a sound description ('[Applause]', '(laughter)'), no one's words.
_BRACKETED = re.compile(r"[\[(][^\[\]()]{1,40}[\])]")


def _paragraphs(cues: list[_Cue]) -> list[str]:
    """The cue texts as paragraphs: a new one after a pause (once the paragraph is long
    enough) or at a change of speaker."""
    paragraphs: list[list[str]] = []
    words = 0  # in the paragraph being filled
    speaker: str | None = None
    named = False  # the speaker is yet to be named at the start of a paragraph
    last: tuple[str | None, str] = (None, "")  # the line kept last, with its speaker
    new_paragraph = False  # kept over cues whose every line was a repeat
    previous_end: float | None = None
    for cue in cues:
        paused = previous_end is not None and cue.start - previous_end >= PAUSE_SECONDS
        new_paragraph |= paused and words >= PARAGRAPH_MIN_WORDS
        previous_end = cue.end
        for voice, raw in _segments(cue):
            if voice is not None and voice != speaker:
                speaker, named, new_paragraph = voice, True, True
            line = " ".join(html.unescape(_TAG.sub("", raw)).split())
            if not line or (speaker, line) == last:
                continue
            last = (speaker, line)
            if _BRACKETED.fullmatch(line):  # '[Applause]', '(laughter)': a paragraph of its own, for the rules
                paragraphs.append([line])
                new_paragraph = True
                continue
            if new_paragraph or not paragraphs:
                paragraphs.append([])
                new_paragraph, words = False, 0
            paragraphs[-1].append(f"{speaker}: {line}" if named else line)
            words += len(line.split())
            named = False
    return [" ".join(lines) for lines in paragraphs]
