"""The /guidelines/ page: every guideline, its cited pages and sections, with outcomes."""

from urllib.parse import urlencode

from decisions.models import CitedBy, DisputedItem
from decisions.querysets import (
    SECTION_KEY,
    citation_usage,
    citation_usage_rows,
    most_printed_spellings,
    with_rates,
)
from decisions.site.presentation import guideline_name, items_url, short_guideline_name

# sort parameter -> (key, descending)
SORTS = {
    "items": (lambda row: (row["items"], row["overturned"]), True),
    "-items": (lambda row: (row["items"], row["overturned"]), False),
    "rate": (lambda row: (row["overturn_rate"] or 0, row["items"]), True),
    "-rate": (lambda row: (row["overturn_rate"] or 0, -row["items"]), False),
    "guideline": (lambda row: (row["guideline_id"], row["sort_key"]), False),
}
DEFAULT_SORT = "items"


def _rows(usage, cited_by, detail):
    rows = []
    for row in usage:
        value = row.get(detail) if detail else None
        params = {"guideline": row["guideline_id"], "cited_by": cited_by}
        if detail == "page":
            params["guideline_page"] = value
        elif detail == "name":
            params["section"] = value
        rows.append(
            {
                **row,
                "guideline": short_guideline_name(row["guideline_id"]),
                "guideline_name": guideline_name(row["guideline_id"]),
                "value": value,
                "sort_key": value if detail == "page" else str(value or "").lower(),
                "url": items_url(**params),
            }
        )
    return rows


def _spelled(section_rows):
    """Section rows, grouped whatever the capitals, named in their usual spelling."""
    spellings = most_printed_spellings({row["name"] for row in section_rows})
    return [{**row, "name": spellings.get(row["name"], row["name"])} for row in section_rows]


def _sorted(rows, sort):
    key, descending = SORTS[sort]
    return sorted(rows, key=key, reverse=descending)


def guideline_index(sort: str | None, cited_by: str | None) -> dict:
    """Three tables (guidelines, pages, sections), each row linking to the item list."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    cited_by = cited_by if cited_by in CitedBy.values else None
    items = DisputedItem.objects.all()
    if cited_by:
        items = items.filter(citations__cited_by=cited_by)
    guideline = "citations__guideline_id"
    tables = {
        "guidelines": _rows(citation_usage(items, guideline), cited_by, None),
        "pages": _rows(
            citation_usage(items, guideline, "citations__pages__page"), cited_by, "page"
        ),
        "sections": _rows(
            _spelled(citation_usage(items, guideline, name=SECTION_KEY)), cited_by, "name"
        ),
    }
    return {
        "sort": sort,
        "cited_by": cited_by,
        "tables": {name: _sorted(rows, sort) for name, rows in tables.items()},
        # Template-friendly keys: "-rate" is spelled rate_ascending.
        "sort_links": {
            name.replace("-", "") + ("_ascending" if name.startswith("-") else ""): "?"
            + urlencode([("sort", name)] + ([("cited_by", cited_by)] if cited_by else []))
            for name in SORTS
        },
        "cited_by_links": [
            {
                "label": label,
                "url": "?" + urlencode([("sort", sort)] + ([("cited_by", value)] if value else [])),
                "current": value == cited_by,
            }
            for value, label in [(None, "Either side"), *CitedBy.choices]
        ],
    }


def most_cited_pages(limit: int) -> list[dict]:
    """The `limit` pages cited by most items (then most overturned), ordered and cut in SQL."""
    usage = citation_usage_rows(
        DisputedItem.objects.all(), "citations__guideline_id", "citations__pages__page"
    ).order_by("-items", "-overturned", "guideline_id", "page")[:limit]
    return _rows(with_rates(usage), None, "page")
