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
from .types import ParsedCitation

_NO_EVIDENCE = re.compile(r"did not cite any medical evidence", re.I)
_PREAMBLE = re.compile(
    r"The [A-Za-z ]+? based (?:their|its|his/her|his|her) decision on recommendation\(s\)"
    r"\s+outside of the MTUS(?: Guidelines)?\.?",
    re.I,
)
_DECISION_BASED_ON = re.compile(r"Decision based on\s*", re.I)
_NON_MTUS = re.compile(r"^Non-?\s*MTUS(?:\s+Citations?)?\s*:?\s*", re.I)
_MTUS = re.compile(r"^(?:CA\s+)?MTUS\s*", re.I)

_MTUS_PART_NAMES = "|".join(f"(?:{pattern})" for pattern in vocab.MTUS_PARTS)
# Where a further MTUS part starts inside one "Decision based on MTUS" sentence: after
# ", and " or a comma, a part name followed by a year or "Guidelines" (section names such
# as "Forearm, Wrist, & Hand" never are).
_NEXT_MTUS_PART = re.compile(
    r",\s*(?:and\s+)?(?=(?:" + _MTUS_PART_NAMES + r")(?:\s+\d{4}\b|\s+Guidelines?\b))", re.I
)
_YEAR = re.compile(r"^\s*\(?((?:19|20)\d\d)\)?\b")
_GUIDELINES_WORD = re.compile(r"^\s*Guidelines?\b", re.I)
_SECTIONS = re.compile(r"Sections?\(?s?\)?\s*:\s*(?P<sections>.*?)\s*(?=Pages?\(s\)|$)", re.I)
_PAGES = re.compile(r"Pages?\(s\)\s*:?\s*(?P<pages>.*)$", re.I)
_PAGE_REFERENCE = re.compile(
    r"\b(?:pg\.?|pp?\.|p|page|pages)\s+(?P<pages>\d+(?:\s*[-–]\s*\d+)?)", re.I
)
_ACOEM_CHAPTER_NUMBER = re.compile(r"Chapter\s+(\d+)", re.I)
_NUMBERED_SECTION = re.compile(r",\s*(?=\d+(?:\.\d+)*\.?\s+[A-Z])")


def parse_citations(text: str, cited_by: str, warnings: list[str]) -> tuple[ParsedCitation, ...]:
    """All citations of one side, from its text with the "... guideline:" label removed."""
    body = _PREAMBLE.sub(" ", text).strip()
    if _NO_EVIDENCE.search(body) and not _DECISION_BASED_ON.search(body):
        return ()
    chunks = _DECISION_BASED_ON.split(body)
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
            citations.append(_citation(cited_by, "other", chunk, pages=_page_references(chunk)))
    return tuple(citations)


def _side(cited_by: str) -> str:
    return (
        "Claims Administrator guideline"
        if cited_by == "claims_administrator"
        else "MAXIMUS guideline"
    )


def _citation(cited_by, guideline, text, edition=None, chapter=None, sections=(), pages=()):
    return ParsedCitation(
        cited_by=cited_by,
        guideline=guideline,
        edition=edition,
        chapter=chapter,
        sections=tuple(sections),
        pages=tuple(pages),
        text=text.strip(),
    )


# --- MTUS -------------------------------------------------------------------------------


def _mtus(chunk: str, cited_by: str, warnings: list[str]) -> list[ParsedCitation]:
    body = _MTUS.sub("", chunk, count=1)
    starts = [0] + [match.end() for match in _NEXT_MTUS_PART.finditer(body)]
    ends = [match.start() for match in _NEXT_MTUS_PART.finditer(body)] + [len(body)]
    citations = []
    for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
        part = body[start:end].strip(" ,.")
        printed = chunk[: len(chunk) - len(body)] + part if number == 0 else part
        citations.append(_mtus_part(part, printed.strip(" ,."), cited_by, warnings))
    return citations


def _mtus_part(part: str, printed: str, cited_by: str, warnings: list[str]) -> ParsedCitation:
    match = re.match(_MTUS_PART_NAMES, part, re.I)
    if not match:
        warnings.append(
            f"{_side(cited_by)}: MTUS part not recognised, kept as mtus-other: {part!r}"
        )
        return _citation(cited_by, "mtus-other", printed, pages=_pages_of(part))
    name = match.group(0)
    guideline = next(
        guideline_id
        for pattern, guideline_id in vocab.MTUS_PARTS.items()
        if re.fullmatch(pattern, name, re.I)
    )
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
    sections = _sections_of(rest, guideline)
    return _citation(cited_by, guideline, printed, edition, chapter, sections, _pages_of(rest))


def _acoem_chapter(name: str, rest: str, cited_by: str, warnings: list[str]):
    """The ACOEM chapter from "Chapter 12" and/or a title; a mismatch gives null."""
    by_number = None
    number = _ACOEM_CHAPTER_NUMBER.search(name)
    if number:
        by_number = vocab.ACOEM_CHAPTERS.get(int(number.group(1)))
        if by_number is None:
            warnings.append(f"{_side(cited_by)}: ACOEM chapter {number.group(1)} is unknown")
    title = _acoem_title(name) or _acoem_title(rest)
    by_title = None
    if title:
        by_title = title[0]
        if not _acoem_title(name):
            rest = rest[title[1] :]
    if by_number and by_title and by_number != by_title:
        warnings.append(
            f"{_side(cited_by)}: ACOEM chapter {number.group(1)} is {by_number!r}"
            f" but the title says {by_title!r}; chapter left empty"
        )
        return None, rest
    return by_number or by_title, rest


def _acoem_title(text: str):
    """(chapter name, end of the title in text) when text starts with an ACOEM title."""
    stripped = text.lstrip(" ,:")
    offset = len(text) - len(stripped)
    for chapter in set(vocab.ACOEM_CHAPTERS.values()):
        pattern = r"\s+".join(re.escape(word) for word in chapter.split()).replace(",", ",?")
        pattern = pattern.replace(r"Stress\-Related", r"Stress[-\s]Related")
        match = re.match(pattern, stripped, re.I)
        if match:
            return chapter, offset + match.end()
    return None


def _sections_of(rest: str, guideline: str) -> list[str]:
    """Sections after "Section(s):", or (seed form) the words before "Page(s):"."""
    match = _SECTIONS.search(rest)
    if match:
        return split_sections(match.group("sections"), numbered=guideline == "mtus-opioids")
    before_pages = _PAGES.sub("", rest).strip(" ,.;:")
    return [before_pages] if before_pages else []


def split_sections(text: str, numbered: bool = False) -> list[str]:
    """Split a section list on commas, but not inside one section's name.

    A comma inside parentheses, or followed by a lower-case word ("TENS, chronic pain",
    "Ultrasound, therapeutic"), or inside a name of vocab.SECTIONS_WITH_COMMAS stays.
    Numbered sections (the MTUS opioid guideline: "3.3.9 Opioids ...: ...") split only
    before a number.
    """
    text = text.strip(" ,.;")
    if not text:
        return []
    if numbered and re.match(r"\d", text):
        return [piece.strip(" ,.") for piece in _NUMBERED_SECTION.split(text) if piece.strip()]
    protected = text
    for name in vocab.SECTIONS_WITH_COMMAS:
        protected = re.sub(
            re.escape(name), lambda m: m.group(0).replace(",", "\0"), protected, flags=re.I
        )
    pieces: list[str] = []
    depth = 0
    current = ""
    for index, char in enumerate(protected):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if char == "," and depth <= 0:
            following = protected[index + 1 :].lstrip()
            if following and not following[0].islower() and not following.startswith("&"):
                pieces.append(current)
                current = ""
                continue
        current += char
    pieces.append(current)
    return [piece.replace("\0", ",").strip(" ,.;") for piece in pieces if piece.strip(" ,.;")]


def _pages_of(text: str) -> list[int]:
    match = _PAGES.search(text)
    return parse_pages(match.group("pages")) if match else []


def parse_pages(text: str) -> list[int]:
    """ "98-99" -> [98, 99]; "60, 62" -> [60, 62]; ranges expanded, order kept, no repeats."""
    pages: list[int] = []
    for start, end in re.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", text):
        first = int(start)
        last = int(end) if end else first
        if last < first or last - first > 200:
            last = first  # not a range we can trust; keep the first page only
        for page in range(first, last + 1):
            if page not in pages:
                pages.append(page)
    return pages


def _page_references(text: str) -> list[int]:
    """Pages named as "pg. 64", "page 137", "p 301" inside a non-MTUS citation."""
    pages: list[int] = []
    for match in _PAGE_REFERENCE.finditer(text):
        for page in parse_pages(match.group("pages")):
            if page not in pages:
                pages.append(page)
    return pages


# --- non-MTUS ---------------------------------------------------------------------------

_ODG_NAME = re.compile(r"Official\s+Disability\s+Guidelines|\bODG\b")
_ODG_PREFIX = re.compile(
    r"^(?:(?:Official\s+Disability\s+Guidelines)(?:\s*\(ODG\))?|ODG)(?:\s+Guidelines)?\s*[,:\-]?\s*",
    re.I,
)
_OTHER_SOURCE = re.compile(r"\s+and\s+Other\s+Medical\s+Treatment\s+Guidelines?\s*:?\s*", re.I)
# A second ODG citation inside one sentence: "...; ODG, Low Back" or
# "... Knee Official Disability Guidelines (ODG), Physical Therapy Guidelines".
_NEXT_ODG = re.compile(
    r"(?:\s*;\s*|[.,]?\s+(?:and\s+(?:the\s+)?)?)(?=Official\s+Disability\s+Guidelines|ODG\b)"
)
_ODG_NOISE = (
    re.compile(r"\(\s*updated[^)]*\)", re.I),
    re.compile(r"\(?\bOnline\s+Version\b\)?", re.I),
    re.compile(r"\bWeb\s+Version\b", re.I),
    re.compile(r"\b\d+(?:st|nd|rd|th)\s+Edition\b", re.I),
    re.compile(r"\bWork\s+Loss\s+Data\s+Institute(?:\s*\([^)]*\))?", re.I),
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


def _non_mtus(chunk: str, cited_by: str, warnings: list[str]) -> list[ParsedCitation]:
    """One citation per source; "... and Other Medical Treatment Guidelines X" adds X."""
    label = _OTHER_SOURCE.search(chunk)
    sources = [chunk[: label.start()], chunk[label.start() :].strip()] if label else [chunk]
    citations = []
    for number, source in enumerate(sources):
        source = source.strip(" ,.;")
        body = re.sub(
            r"^and\s+Other\s+Medical\s+Treatment\s+Guidelines?\s*:?\s*", "", source, flags=re.I
        )
        if not body:
            continue
        if number > 0:
            source = re.sub(r"^and\s+", "", source)
        if number == 0 and _ODG_NAME.search(source):
            citations.append(_odg(source, cited_by, warnings))
        elif re.match(r"ACOEM\b", body):
            citations.append(
                _citation(cited_by, "acoem-non-mtus", source, pages=_page_references(body))
            )
        elif number == 0 and _starts_with_odg_chapter_and_topic(source):
            warnings.append(
                f"{_side(cited_by)}: {source!r} names no guideline; read as an ODG chapter"
            )
            citations.append(_odg(source, cited_by, warnings))
        else:
            citations.append(_citation(cited_by, "other", source, pages=_page_references(body)))
    return citations


def _split_odg(source: str) -> list[str]:
    """The parts of one ODG citation naming several chapters: at a repeated ODG name, or
    at "; " before a chapter ("Shoulder (updated 12/12/16); ODG, Low Back")."""
    positions = [match for match in _NEXT_ODG.finditer(source) if match.start() > 0]
    positions += [
        match
        for match in re.finditer(r"\s*;\s*", source)
        if _ODG_CHAPTER.match(source, match.end())
    ]
    positions.sort(key=lambda match: match.start())
    pieces, start = [], 0
    for match in positions:
        pieces.append(source[start : match.start()])
        start = match.end()
    pieces.append(source[start:])
    return [piece.strip(" ,.;") for piece in pieces if piece.strip(" ,.;")]


def _starts_with_odg_chapter_and_topic(source: str) -> bool:
    match = _ODG_CHAPTER.match(source)
    return bool(match) and source[match.end() :].lstrip().startswith("(")


def _odg(text: str, cited_by: str, warnings: list[str]) -> ParsedCitation:
    """One ODG citation; when it names several chapters, chapter is null (with a warning)."""
    edition = None
    parts = []
    for piece in _split_odg(text):
        rest = _ODG_PREFIX.sub("", piece, count=1)
        for noise in _ODG_NOISE:
            rest = noise.sub(" ", rest)
        year = re.search(r"(?:^|,)\s*((?:19|20)\d\d)\s*(?:,|$)", rest)
        if year:
            edition = edition or int(year.group(1))
            rest = rest[: year.start()] + "," + rest[year.end() :]
        rest = " ".join(rest.split()).strip(" ,.;:-")
        parts.append(_odg_chapter_and_topics(rest))
    chapters = [chapter for chapter, _ in parts if chapter]
    topics = [topic for _, part_topics in parts for topic in part_topics]
    chapter = chapters[0] if len(chapters) == 1 else None
    if len(chapters) > 1:
        warnings.append(
            f"{_side(cited_by)}: ODG citation names several chapters ({', '.join(chapters)});"
            " chapter left empty"
        )
    return _citation(cited_by, "odg", text, edition, chapter, topics, _page_references(text))


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
    topics = [
        _tidy_topic(topic)
        for part in re.split(r"\s*;\s*", after)
        for topic in split_sections(_tidy_topic(part))
    ]
    return chapter, [topic for topic in topics if topic]


def _tidy_chapter(chapter: str) -> str:
    return " ".join(chapter.split()).strip(" ,-")


def _tidy_topic(topic: str) -> str:
    topic = re.sub(r"^\s*(?:Chapter|Section)s?\b", "", topic.strip(), flags=re.I)
    topic = re.sub(r"\b(?:Topic)\s*$", "", topic.strip())
    return " ".join(topic.split()).strip(" ,.;:/-")
