"""Full-text search over item descriptions and rationales, on PostgreSQL and on SQLite.

PostgreSQL: websearch_to_tsquery('english', q) against each item's stored search document
(ItemSearchDocument: the to_tsvector of `search_vector()`, kept by a trigger, GIN-indexed),
so neither the match nor a phrase's recheck parses the items' text again; snippets come
from ts_headline. SQLite: the same syntax read in Python ("quoted phrases",
-exclusions, `or` between alternatives) and matched case-insensitively as substrings, with
snippets cut in Python. Snippets are built with sentinels, escaped, then marked.

PostgreSQL drops English stop words and punctuation from a query; SQLite drops the same
terms, and a query with no word left (the, "!!!", of or and) is no search at all on both.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.db.models import Exists, OuterRef, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "english"
# Private-use characters: never in letter text, untouched by escaping.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 160

# PostgreSQL's English stop words (tsearch_data/english.stop, which `english` uses).
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
    """.split()
)
# A word as PostgreSQL's parser splits text: letters and digits (an underscore separates).
_WORD = re.compile(r"[^\W_]+")


def has_searchable_words(text: str) -> bool:
    """Whether the query holds a word PostgreSQL indexes: not only stop words or punctuation."""
    return any(word.lower() not in STOP_WORDS for word in _WORD.findall(text))


def search_vector() -> SearchVector:
    """What an item's stored search document holds (migration 0015's trigger computes the
    SQL this compiles to)."""
    return SearchVector("description", "rationale", config=CONFIG)


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


@dataclass(frozen=True)
class Term:
    text: str
    excluded: bool = False


def parse_websearch(text: str) -> list[list[Term]]:
    """websearch_to_tsquery's syntax as a list of AND-ed groups of OR-ed terms."""
    groups: list[list[Term]] = []
    join_next_with_or = False
    for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', text):
        excluded, phrase, word = match.group(1) == "-", match.group(2), match.group(3)
        if word is not None:
            if word.lower() == "or" and groups:
                join_next_with_or = True
                continue
            excluded, phrase = word.startswith("-"), word.lstrip("-")
        phrase = " ".join(phrase.split())
        if not has_searchable_words(phrase):
            continue
        term = Term(phrase, excluded)
        if join_next_with_or and not excluded:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next_with_or = False
    return groups


def _contains(term: Term) -> Q:
    return Q(description__icontains=term.text) | Q(rationale__icontains=term.text)


def filter_items(queryset, text: str, vendor: str):
    if not has_searchable_words(text):
        return queryset
    if vendor == "postgresql":
        # Looked up when a query is built: models.py imports this module.
        ItemSearchDocument = apps.get_model("decisions", "ItemSearchDocument")
        matching = ItemSearchDocument.objects.filter(
            item_id=OuterRef("pk"), document=search_query(text)
        )
        return queryset.filter(Exists(matching))
    for group in parse_websearch(text):
        matches = Q()
        for term in group:
            matches |= ~_contains(term) if term.excluded else _contains(term)
        queryset = queryset.filter(matches)
    return queryset


def with_headlines(queryset, text: str, vendor: str):
    """Annotate `headline` (text with sentinels) on PostgreSQL; SQLite cuts them in Python."""
    if vendor != "postgresql" or not has_searchable_words(text):
        return queryset
    return queryset.annotate(
        headline=SearchHeadline(
            "rationale",
            search_query(text),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_fragments=2,
            max_words=18,
            min_words=6,
            fragment_delimiter=" … ",
        )
    )


def marked(text_with_sentinels: str) -> SafeString:
    """Escape letter text, then turn the sentinels into <mark> tags."""
    html = escape(text_with_sentinels)
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))


def python_headline(text: str, query: str) -> str:
    """A window of `text` around the first matching term, terms wrapped in sentinels."""
    terms = [t.text for group in parse_websearch(query) for t in group if not t.excluded]
    if not text or not terms:
        return ""
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - SNIPPET_CHARS // 3)
    window = text[start : start + SNIPPET_CHARS]
    window = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", window)
    return ("…" if start else "") + window + ("…" if start + SNIPPET_CHARS < len(text) else "")
