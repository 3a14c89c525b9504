"""The guideline lines of an item: "Claims Administrator guideline:" and "MAXIMUS guideline:".

A side's text is a run of "Decision based on ..." sentences after an optional preamble
("... based their decision on recommendation(s) outside of the MTUS Guidelines.").
"Decision based on MTUS ..." names one or more MTUS parts, joined by ", and " (2016-2017)
or a bare comma (2013-2015); "Decision based on Non-MTUS Citation ..." names ODG, a later
ACOEM edition or another source. "did not cite any medical evidence" yields nothing.
"""

from __future__ import annotations

import re

from . import vocab
from .casefree import lower_case, split_case_free
from .odg import names_odg, read_odg, starts_with_chapter_and_topic
from .sections import page_references, parse_pages, split_sections
from .types import CITED_BY_CLAIMS_ADMINISTRATOR, ParsedCitation

NO_EVIDENCE = "did not cite any medical evidence"  # in lower case, as searched
_PREAMBLE = re.compile(
    r"The [A-Za-z ]+? based (?:their|its|his/her|his|her) decision on recommendation\(s\)"
    r"\s+outside of the MTUS(?: Guidelines)?\.?",
    re.I,
)
DECISION_BASED_ON = "decision based on"  # what starts each citation
_NON_MTUS = re.compile(r"^Non-?\s*MTUS(?:\s+Citations?)?\s*:?\s*", re.I)
_MTUS = re.compile(r"^(?:CA\s+)?MTUS\s*", re.I)

_MTUS_PART_NAMES = "|".join(f"(?:{pattern})" for pattern in vocab.MTUS_PARTS)
_MTUS_PART_IDS = list(vocab.MTUS_PARTS.values())
_MTUS_PART = re.compile(
    "|".join(f"(?P<p{index}>{pattern})" for index, pattern in enumerate(vocab.MTUS_PARTS)), re.I
)
# Where a further MTUS part starts inside one "Decision based on MTUS" sentence: after
# ", and " or a comma (with or without a space), a part name followed by a year,
# "Guidelines", "Chapter", "Page(s)" or "Section(s)" (section names such as "Forearm,
# Wrist, & Hand" never are), or any part name after a number (a page list or a year).
_NEXT_MTUS_PART = re.compile(
    r"(?:,\s*(?:and\s+)?(?=(?:" + _MTUS_PART_NAMES + r")"
    r"(?:\s+\d{4}\b|\s+Guidelines?\b|,?\s+Chapter\b|\s+Pages?\(|\s+Sections?\(|\s*$))"
    r"|(?<=\d),\s*(?:and\s+)?(?=(?:" + _MTUS_PART_NAMES + r")\b))",
    re.I,
)
_YEAR = re.compile(r"^\s*\(?((?:19|20)\d\d)\)?\b")
_GUIDELINES_WORD = re.compile(r"^\s*Guidelines?\b", re.I)
# "Section(s):" and "Page(s):", in lower case (searched in the lower-cased text).
_SECTIONS_LABEL = re.compile(r"sections?\(?s?\)?\s*:\s*")
_PAGES_LABEL = re.compile(r"pages?\(s\)\s*:?\s*")
_ACOEM_CHAPTER_NUMBER = re.compile(r"Chapter\s+(\d+)", re.I)


def parse_citations(text: str, cited_by: str, warnings: list[str]) -> tuple[ParsedCitation, ...]:
    """All citations of one side, from its text with the "... guideline:" label removed."""
    text = text.strip()
    lowered = lower_case(text)
    if "outside of the mtus" in lowered:  # words that _PREAMBLE cannot do without
        text = _PREAMBLE.sub(" ", text).strip()
        lowered = lower_case(text)
    if DECISION_BASED_ON not in lowered:
        if NO_EVIDENCE in lowered:
            return ()
        chunks = [text]
    else:
        chunks = split_case_free(text, lowered, DECISION_BASED_ON)
    if chunks[0].strip(" ."):
        warnings.append(f"{_side(cited_by)}: text not read as a citation: {chunks[0].strip()!r}")
    citations: list[ParsedCitation] = []
    for chunk in chunks[1:]:
        chunk = chunk.strip().rstrip(".").strip()
        if not chunk:
            continue
        if _NON_MTUS.match(chunk):
            citations.extend(_non_mtus(_NON_MTUS.sub("", chunk), cited_by, warnings))
        elif _MTUS.match(chunk):
            citations.extend(_mtus(chunk, cited_by, warnings))
        else:
            warnings.append(f"{_side(cited_by)}: citation of unknown kind kept as other: {chunk!r}")
            citations.append(_citation(cited_by, "other", chunk, pages=page_references(chunk)))
    return tuple(citations)


def _side(cited_by: str) -> str:
    """How a warning names the side: as the letter labels its line."""
    if cited_by == CITED_BY_CLAIMS_ADMINISTRATOR:
        return "Claims Administrator guideline"
    return "MAXIMUS guideline"


def _citation(cited_by, guideline, text, edition=None, chapter=None, sections=(), pages=()):
    return ParsedCitation(
        cited_by=cited_by,
        guideline=guideline,
        edition=edition,
        chapter=chapter,
        sections=tuple(dict.fromkeys(sections)),  # each named once, in order
        pages=tuple(pages),
        text=text.strip(),
    )


# --- MTUS -------------------------------------------------------------------------------


def _mtus(chunk: str, cited_by: str, warnings: list[str]) -> list[ParsedCitation]:
    body = _MTUS.sub("", chunk, count=1)
    joins = list(_NEXT_MTUS_PART.finditer(body))  # ", and " / "," before a further part
    starts = [0] + [join.end() for join in joins]
    ends = [join.start() for join in joins] + [len(body)]
    citations = []
    for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
        part = body[start:end].strip(" ,.")
        printed = chunk[: len(chunk) - len(body)] + part if number == 0 else part
        citations.append(_mtus_part(part, printed.strip(" ,."), cited_by, warnings))
    return citations


def _mtus_part(part: str, printed: str, cited_by: str, warnings: list[str]) -> ParsedCitation:
    match = _MTUS_PART.match(part)
    if not part:  # "Decision based on MTUS": the MTUS as a whole
        return _citation(cited_by, "mtus-other", printed)
    if not match:
        warnings.append(
            f"{_side(cited_by)}: MTUS part not recognised, kept as mtus-other: {part!r}"
        )
        return _citation(cited_by, "mtus-other", printed, pages=_sections_and_pages(part, "")[1])
    name = match.group(0)
    guideline = _MTUS_PART_IDS[int(match.lastgroup[1:])]
    rest = part[match.end() :]
    chapter = None
    if guideline == "mtus-acoem":
        chapter, rest = _acoem_chapter(name, rest, cited_by, warnings)
    edition = None
    year = _YEAR.match(rest)
    if year:
        edition = int(year.group(1))
        rest = rest[year.end() :]
    rest = _GUIDELINES_WORD.sub("", rest)
    sections, pages = _sections_and_pages(rest, guideline)
    return _citation(cited_by, guideline, printed, edition, chapter, sections, pages)


def _acoem_chapter(name: str, rest: str, cited_by: str, warnings: list[str]):
    """The ACOEM chapter from "Chapter 12" and/or a title; a mismatch gives null."""
    by_number = None
    number = _ACOEM_CHAPTER_NUMBER.search(name)
    if number:
        by_number = vocab.ACOEM_CHAPTERS.get(int(number.group(1)))
        if by_number is None:
            warnings.append(f"{_side(cited_by)}: ACOEM chapter {number.group(1)} is unknown")
    by_title = None
    title = _acoem_title(name)  # "MTUS Low Back Complaints 2004": the name is the title
    if title is None:
        title = _acoem_title(rest)  # "MTUS ACOEM Chapter 12 Low Back Complaints"
        if title:
            rest = rest[title[1] :]
    if title:
        by_title = title[0]
    if by_number and by_title and by_number != by_title:
        warnings.append(
            f"{_side(cited_by)}: ACOEM chapter {number.group(1)} is {by_number!r}"
            f" but the title says {by_title!r}; chapter left empty"
        )
        return None, rest
    return by_number or by_title, rest


def _acoem_title_pattern(chapter: str) -> re.Pattern:
    pattern = r"\s+".join(re.escape(word) for word in chapter.split()).replace(",", ",?")
    return re.compile(pattern.replace(r"Stress\-Related", r"Stress[-\s]Related"), re.I)


# Each chapter's title by its first three letters (lower case), which no two share: a
# text is tried against the one title it may start with.
_ACOEM_TITLES = {
    chapter[:3].lower(): (chapter, _acoem_title_pattern(chapter))
    for chapter in dict.fromkeys(vocab.ACOEM_CHAPTERS.values())
}


def _acoem_title(text: str):
    """(chapter name, end of the title in text) when text starts with an ACOEM title."""
    stripped = text.lstrip(" ,:")
    title = _ACOEM_TITLES.get(stripped[:3].lower())
    if title is None:
        return None
    chapter, pattern = title
    match = pattern.match(stripped)
    if match is None:
        return None
    return chapter, len(text) - len(stripped) + match.end()


def _sections_and_pages(rest: str, guideline: str) -> tuple[list[str], list[int]]:
    """The sections after "Section(s):" (or, seed form, the words before "Page(s):") and
    the pages after "Page(s):"."""
    lowered = lower_case(rest)
    pages_label = _PAGES_LABEL.search(lowered) if "page" in lowered else None
    pages = parse_pages(rest[pages_label.end() :]) if pages_label else []
    label = _SECTIONS_LABEL.search(lowered) if "section" in lowered else None
    if label:
        if pages_label and pages_label.start() < label.end():
            pages_label = _PAGES_LABEL.search(lowered, label.end())
        end = pages_label.start() if pages_label else len(rest)
        sections = rest[label.end() : end].rstrip()
        return split_sections(sections, numbered=guideline == "mtus-opioids"), pages
    before_pages = rest[: pages_label.start()] if pages_label else rest
    before_pages = before_pages.strip(" ,.;:")
    return ([before_pages] if before_pages else []), pages


# --- non-MTUS ---------------------------------------------------------------------------

_OTHER_SOURCE = re.compile(r"\s+and\s+Other\s+Medical\s+Treatment\s+Guidelines?\s*:?\s*", re.I)
_OTHER_SOURCE_LABEL = re.compile(r"^and\s+Other\s+Medical\s+Treatment\s+Guidelines?\s*:?\s*", re.I)
_LEADING_AND = re.compile(r"^and\s+")
_ACOEM_WORD = re.compile(r"ACOEM\b")


def _non_mtus(chunk: str, cited_by: str, warnings: list[str]) -> list[ParsedCitation]:
    """One citation per source; "... and Other Medical Treatment Guidelines X" adds X."""
    label = _OTHER_SOURCE.search(chunk) if "other" in lower_case(chunk) else None
    sources = [chunk[: label.start()], chunk[label.start() :].strip()] if label else [chunk]
    citations = []
    for number, source in enumerate(sources):
        source = source.strip(" ,.;")
        body = _OTHER_SOURCE_LABEL.sub("", source)
        if not body:
            continue
        if number > 0:
            source = _LEADING_AND.sub("", source)
        if number == 0 and names_odg(source):
            citations.append(_odg(source, cited_by, warnings))
        elif _ACOEM_WORD.match(body):
            citations.append(
                _citation(cited_by, "acoem-non-mtus", source, pages=page_references(body))
            )
        elif number == 0 and starts_with_chapter_and_topic(source):
            warnings.append(
                f"{_side(cited_by)}: {source!r} names no guideline; read as an ODG chapter"
            )
            citations.append(_odg(source, cited_by, warnings))
        else:
            citations.append(_citation(cited_by, "other", source, pages=page_references(body)))
    return citations


def _odg(text: str, cited_by: str, warnings: list[str]) -> ParsedCitation:
    """One ODG citation; when it names several chapters, chapter is null (with a warning)."""
    reading = read_odg(text)
    chapter = reading.chapters[0] if len(reading.chapters) == 1 else None
    if len(reading.chapters) > 1:
        warnings.append(
            f"{_side(cited_by)}: ODG citation names several chapters"
            f" ({', '.join(reading.chapters)}); chapter left empty"
        )
    return _citation(
        cited_by, "odg", text, reading.edition, chapter, reading.topics, page_references(text)
    )
