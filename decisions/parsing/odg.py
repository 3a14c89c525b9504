"""Official Disability Guidelines citations: chapter, topics and edition, as printed.

ODG is cited loosely: "(ODG), Low Back Chapter, MRI", "Low Back - Lumbar & Thoracic (Acute &
Chronic) Chapter (Online Version)", "(ODG) MRI shoulder" (the topic first), "Knee & Leg
(updated 11/22/16) Chapter: Skilled nursing facility (SNF) care", several chapters in one
citation. The chapter is kept as printed, tidied; see docs/letter-json.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import vocab
from .casefree import lower_case
from .sections import split_sections

ODG_NAME = re.compile(r"Official\s+Disability\s+Guidelines|\bODG\b")
_EDITION_YEAR = re.compile(r"(?:^|,)\s*((?:19|20)\d\d)\s*(?:,|$)")
_AND_OR_CHAPTER_WORD = re.compile(r"^and\s+|\s+Chapters?$", re.I)
_SEMICOLON = re.compile(r"\s*;\s*")
_CHAPTER_OR_SECTION_WORD = re.compile(r"^\s*(?:Chapter|Section)s?\b", re.I)
_TOPIC_WORD = re.compile(r"\b(?:Topic)\s*$")
_ODG_PREFIX = re.compile(
    r"^(?:(?:Official\s+Disability\s+Guidelines)(?:\s*\(ODG\))?|ODG)(?:\s+Guidelines)?\s*[,:\-]?\s*",
    re.I,
)
# A second ODG citation inside one sentence: "...; ODG, Low Back" or
# "... Knee Official Disability Guidelines (ODG), Physical Therapy Guidelines".
_NEXT_ODG = re.compile(
    r"(?:\s*;\s*|[.,]?\s+(?:and\s+(?:the\s+)?)?)(?=Official\s+Disability\s+Guidelines|ODG\b)"
)
# What is no chapter nor topic, each with a word it cannot match without (in lower case):
# a regex is tried only on a citation holding that word.
_ODG_NOISE = (
    ("updated", re.compile(r"\(\s*updated[^)]*\)", re.I)),
    ("online", re.compile(r"\(?\bOnline\s+Version\b\)?", re.I)),
    ("web", re.compile(r"\bWeb\s+Version\b", re.I)),
    ("edition", re.compile(r"\b\d+(?:st|nd|rd|th)\s+Edition\b", re.I)),
    ("institute", re.compile(r"\bWork\s+Loss\s+Data\s+Institute(?:\s*\([^)]*\))?", re.I)),
)
_QUALIFIER_AFTER_WORD = re.compile(r"^\s*(\((?:Acute\s+(?:and|&)\s+Chronic|Chronic)\))", re.I)
_ODG_CHAPTER = re.compile(
    r"(?P<chapter>(?:"
    + "|".join(vocab.ODG_CHAPTERS)
    + r")(?:"
    + "|".join(vocab.ODG_CHAPTER_QUALIFIERS)
    + r")*)(?P<word>\s+(?:Chapter|Section|Procedure\s+Summary)s?\b)?",
    re.I,
)


@dataclass(frozen=True)
class OdgReading:
    edition: int | None
    chapters: tuple[str, ...]  # every chapter named; the citation's chapter when just one
    topics: tuple[str, ...]


def read_odg(text: str) -> OdgReading:
    """Edition, chapters and topics of one ODG citation's text."""
    edition = None
    parts = []
    for piece in _split_odg(text):
        rest = _ODG_PREFIX.sub("", piece, count=1)
        lowered = lower_case(rest)
        for word, noise in _ODG_NOISE:
            if word in lowered:
                rest = noise.sub(" ", rest)
        year = _EDITION_YEAR.search(rest) if "19" in rest or "20" in rest else None
        if year:
            edition = edition or int(year.group(1))
            rest = rest[: year.start()] + "," + rest[year.end() :]
        rest = " ".join(rest.split()).strip(" ,.;:-")
        parts.append(_odg_chapter_and_topics(rest))
    chapters = [chapter for chapter, _ in parts if chapter]
    topics = []
    for _, part_topics in parts:
        for topic in part_topics:
            # "Neck and Upper Back, Low Back": a topic that is a whole chapter name is one.
            name = _AND_OR_CHAPTER_WORD.sub("", topic) if chapters else ""
            if name and _ODG_CHAPTER.fullmatch(name):
                chapters.append(_tidy_chapter(name))
            else:
                topics.append(topic)
    return OdgReading(edition, tuple(chapters), tuple(topics))


def _split_odg(source: str) -> list[str]:
    """The parts of one ODG citation naming several chapters: at a repeated ODG name, or
    at "; " before a chapter ("Shoulder (updated 12/12/16); ODG, Low Back")."""
    positions = []
    if _may_name_odg_again(source):
        positions += [match for match in _NEXT_ODG.finditer(source) if match.start() > 0]
    if ";" in source:
        positions += [
            match
            for match in _SEMICOLON.finditer(source)
            if _ODG_CHAPTER.match(source, match.end())
        ]
    positions.sort(key=lambda match: match.start())
    pieces, start = [], 0
    for match in positions:
        pieces.append(source[start : match.start()])
        start = match.end()
    pieces.append(source[start:])
    return [piece.strip(" ,.;") for piece in pieces if piece.strip(" ,.;")]


def _may_name_odg_again(source: str) -> bool:
    """Whether an ODG name follows white space or ";" past the start, as every place
    _NEXT_ODG splits at needs (a quick test that spares most citations that regex)."""
    for name in ("ODG", "Official"):
        position = source.find(name, 1)
        while position >= 0:
            if source[position - 1].isspace() or source[position - 1] == ";":
                return True
            position = source.find(name, position + 1)
    return False


def names_odg(text: str) -> bool:
    """Whether the text names the Official Disability Guidelines."""
    return ("ODG" in text or "Official" in text) and ODG_NAME.search(text) is not None


def starts_with_chapter_and_topic(source: str) -> bool:
    match = _ODG_CHAPTER.match(source)
    return bool(match) and source[match.end() :].lstrip().startswith("(")


def _odg_chapter_and_topics(rest: str) -> tuple[str | None, list[str]]:
    """The chapter and topics: "Low Back Chapter, MRI" -> ("Low Back", ["MRI"])."""
    if not rest:
        return None, []
    match = _ODG_CHAPTER.match(rest)
    if match is None:
        # The topic before the chapter: "MRI shoulder", "physical therapy, elbow chapter".
        late = [
            m for m in _ODG_CHAPTER.finditer(rest) if m.start() > 0 and rest[m.start() - 1] in " ,/"
        ]
        if not late:
            return None, [_tidy_topic(rest)]
        match = late[-1]
        topic = _tidy_topic(rest[: match.start()] + " " + rest[match.end() :])
        # Written in passing ("MRI shoulder"): the chapter as ODG names it ("Shoulder").
        chapter = " ".join(
            word if word in ("and", "&") else word[:1].upper() + word[1:]
            for word in _tidy_chapter(match.group("chapter")).split()
        )
        return chapter, [topic] if topic else []
    chapter = _tidy_chapter(match.group("chapter"))
    after = rest[match.end() :]
    qualifier = _QUALIFIER_AFTER_WORD.match(after) if match.group("word") else None
    if qualifier:  # "Low Back & Thoracic chapter (Acute & Chronic)"
        chapter = f"{chapter} {qualifier.group(1)}"
        after = after[qualifier.end() :]
    if after.lstrip().startswith("(") and after.rstrip().endswith(")"):
        after = after.strip()[1:-1]  # "Low Back (Shock wave therapy)": the topic in brackets
    parts = _SEMICOLON.split(after) if ";" in after else [after]
    topics = [_tidy_topic(topic) for part in parts for topic in split_sections(_tidy_topic(part))]
    return chapter, [topic for topic in topics if topic]


def _tidy_chapter(chapter: str) -> str:
    return " ".join(chapter.split()).strip(" ,-")


def _tidy_topic(topic: str) -> str:
    topic = _CHAPTER_OR_SECTION_WORD.sub("", topic.strip())
    if "Topic" in topic:
        topic = _TOPIC_WORD.sub("", topic.strip())
    return " ".join(topic.split()).strip(" ,.;:/-")
