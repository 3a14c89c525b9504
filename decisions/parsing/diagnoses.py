"""The diagnoses a clinical case summary lists, one string each, as written.

The summaries name them in a handful of ways: "diagnosed as having A, B and C", "the
diagnoses include ...", "is undergoing treatment for ...", "is being treated for ...",
"The current diagnosis is documented as ...". The first such phrase is read, up to the end
of its sentence.
"""

from __future__ import annotations

import re

from .casefree import lower_case, positions

# After the phrase: an optional colon, then the list, which ends with its sentence: at a
# full stop (and closing quote) before a capital or the end, or at the end.
_BEFORE_LIST = r"\s*:?\s*"
_SENTENCE_END = re.compile(r"\.[\"']?(?=\s*[A-Z]|\s*$)")

# "treated for" names diagnoses only after these ("is being treated for"), and a
# "diagnosis of" only after these ("given a diagnosis of"), not in "no diagnosis of".
_TREATED_AFTER = ("being ", "been ", "was ", "is ", "are ", "were ")
_DIAGNOSIS_OF_AFTER = ("a ", "the ")
_ANYWHERE = ()

# (where to look: a lower-case keyword, the phrase as a pattern matched at the keyword,
#  whether the phrase names one diagnosis rather than a list, the words it must follow)
_PHRASES: tuple[tuple[str, re.Pattern, bool, tuple[str, ...]], ...] = tuple(
    (keyword, re.compile(pattern + _BEFORE_LIST, re.I), single, only_after)
    for keyword, pattern, single, only_after in (
        ("diagnos", r"diagnosed\s+(?:as\s+having|with)", False, _ANYWHERE),
        ("diagnos", r"diagnos[ie]s\s+(?:that\s+)?(?:are|were|include[sd]?|included)"
                    r"(?:\s+documented)?(?:\s+as)?", False, _ANYWHERE),
        ("diagnos", r"diagnoses\s+of", False, _ANYWHERE),
        ("diagnos", r"diagnosis\s+(?:is|was)(?:\s+documented)?(?:\s+as)?", True, _ANYWHERE),
        ("diagnos", r"diagnosis\s+of", True, _DIAGNOSIS_OF_AFTER),
        ("undergoing treatment for", r"undergoing\s+treatment\s+for", False, _ANYWHERE),
        ("treated for", r"treated\s+for(?:\s+the\s+diagnos[ie]s\s+of)?", False, _TREATED_AFTER),
    )
)  # fmt: skip
_KEYWORDS = tuple(dict.fromkeys(keyword for keyword, _, _, _ in _PHRASES))

# A piece of a comma list that continues the diagnosis before it: ICD-10 wording such as
# "strain of muscle, fascia and tendon" or "lumbar strain, subsequent encounter".
_CONTINUATION = re.compile(
    r"^(?:subsequent(?:\s+encounter)?|initial\s+encounter|sequela|fascia|tendon|and\s+tendon"
    r"|unspecified$|not\s+elsewhere\s+classified|with(?:out)?\s)",
    re.I,
)
# A lone body part or side in a list ("neck, back and shoulder pain", "left and right
# sided sciatica") means the list describes one diagnosis: no split there.
_LONE_BODY_PART = re.compile(
    r"^(?:and\s+)?(?:neck|back|shoulders?|elbows?|wrists?|hands?|hips?|knees?|ankles?|feet|foot"
    r"|arms?|legs?|left|right|cervical|thoracic|lumbar)$",
    re.I,
)


def diagnoses_of(summary: str) -> tuple[str, ...]:
    """The diagnoses of the first diagnosis phrase in the summary (see the module doc).

    A list holding semicolons splits on them only. Otherwise it splits on commas, keeping
    ICD wording together ("strain of muscle, fascia and tendon"), and its last piece also
    at its first "and" / "as well as" ("A, B and C" is three; "myalgia and myositis,
    cervicalgia" keeps the first whole). A phrase naming one diagnosis ("The current
    diagnosis is ...") and a list describing one ("neck, back and shoulder pain") are one.
    """
    found = _first_phrase(summary)
    if found is None:
        return ()
    written, single = found
    written = written.strip(" .\"'")
    if not written or written.lower().startswith(("being ", "not ", "pending")):
        return ()
    if single:
        return (written,)
    separator = r"\s*;\s*" if ";" in written else r"\s*,\s*"
    pieces: list[str] = []
    for piece in re.split(separator, written):
        piece = piece.strip()
        if piece and pieces and _CONTINUATION.match(piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        elif piece:
            pieces.append(piece)
    if not pieces:
        return ()
    last = pieces.pop()
    halves = re.split(r"\s+(?:and|as\s+well\s+as)\s+", last, maxsplit=1)
    if re.match(r"and\s+", last) and pieces:
        halves = [last[4:]]
    pieces.extend(halves)
    if any(_LONE_BODY_PART.match(piece) for piece in pieces):
        return (written,)
    return tuple(piece.strip(" .") for piece in pieces if piece.strip(" ."))


def _first_phrase(summary: str) -> tuple[str, bool] | None:
    """(the written list, whether it names one diagnosis) of the earliest phrase.

    Only the places where a keyword occurs are tried: far quicker than a regex search.
    """
    lowered = lower_case(summary)
    at_keyword = {keyword: positions(lowered, keyword) for keyword in _KEYWORDS}
    candidates = [
        (position, pattern, single, only_after)
        for keyword, pattern, single, only_after in _PHRASES
        for position in at_keyword[keyword]
    ]
    for position, pattern, single, only_after in sorted(candidates, key=lambda c: c[0]):
        if only_after and not lowered[max(0, position - 6) : position].endswith(only_after):
            continue
        match = pattern.match(summary, position)
        if match:
            written = _sentence_from(summary, match)
            if written is not None:
                return written, single
    return None


def _sentence_from(summary: str, phrase: re.Match) -> str | None:
    """The list after a phrase, up to the end of its sentence; None when nothing follows."""
    start = phrase.end()
    if start == len(summary):
        return None
    end = _SENTENCE_END.search(summary, start + 1)  # the list has one character at least
    return summary[start : end.start() if end else len(summary)]
