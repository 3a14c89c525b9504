"""The /guidelines/ page: every guideline, its cited pages and sections, with outcomes.

Read from the Tally rows (decisions/summaries.py), ordered, searched and paged in SQL: at
full size there are thousands of cited pages and sections.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce

from decisions.models import TALLY_KEY, CitedBy, Tally
from decisions.querysets import rate
from decisions.site.presentation import guideline_name, items_url, short_guideline_name
from decisions.site.tallies import usual_spellings
from decisions.summaries import DEFAULTS

ROWS_PER_PAGE = 50
SORTS = {
    "items": ["-items", "guideline", "detail"],
    "-items": ["items", "guideline", "detail"],
    "rate": ["-overturn_share", "-items", "guideline", "detail"],
    "-rate": ["overturn_share", "-items", "guideline", "detail"],
    "guideline": ["guideline", "detail"],
}
DEFAULT_SORT = "items"
# Table -> (the Tally grouping, for either side; the column of its detail, if any).
TABLES = {
    "guidelines": ("cited guideline", None),
    "pages": ("cited page", "page"),
    "sections": ("cited section", "section"),
}
ITEMS_PARAMETER = {"page": "guideline_page", "section": "section"}


def usage(table: str, cited_by: str | None, search: str = ""):
    """Rows {guideline, detail, items, overturned, overturn_share} of one table, unordered.

    A row of the "total" grouping per entry gives its items; the overturned count is looked
    up in the grouping by outcome, row by row (PostgreSQL does so after the sort and the
    limit, for the rows shown only, when the order needs no overturned count)."""
    grouping, detail = TABLES[table]
    side = " by side" if cited_by else ""
    rows = Tally.objects.filter(grouping=f"{grouping} total{side}")
    if cited_by:
        rows = rows.filter(side=cited_by)
    if search and detail == "section":
        rows = rows.filter(Q(section__contains=search.lower()) | Q(guideline__icontains=search))
    elif search and detail == "page":
        number = int(search) if search.isdigit() else None
        rows = rows.filter(Q(page=number) | Q(guideline__icontains=search))
    elif search:
        rows = rows.filter(guideline__icontains=search)
    same_entry = {column: OuterRef(column) for column in ("guideline", "side", "page", "section")}
    unused = {column: DEFAULTS[column] for column in TALLY_KEY if column not in same_entry}
    overturned = Tally.objects.filter(
        **{**unused, **same_entry, "grouping": f"{grouping}{side}", "outcome": "overturned"}
    ).values("count")
    columns = {"detail": F(detail)} if detail else {}
    return rows.values("guideline", **columns).annotate(
        items=F("count"),
        overturned=Coalesce(Subquery(overturned), 0),
        overturn_share=Cast("overturned", FloatField()) / Cast("items", FloatField()),
    )


def _rows(rows, table: str, cited_by: str | None) -> list[dict]:
    detail = TABLES[table][1]
    rows = list(rows)
    spellings = usual_spellings(row["detail"] for row in rows) if detail == "section" else {}
    shown = []
    for row in rows:
        value = spellings.get(row.get("detail"), row.get("detail"))
        params = {"guideline": row["guideline"], "cited_by": cited_by}
        if detail:
            params[ITEMS_PARAMETER[detail]] = value
        shown.append(
            {
                "guideline_id": row["guideline"],
                "guideline": short_guideline_name(row["guideline"]),
                "guideline_name": guideline_name(row["guideline"]),
                "value": value,
                **({detail: value} if detail else {}),
                "items": row["items"],
                "overturned": row["overturned"],
                "overturn_rate": rate(row["overturned"], row["items"]),
                "url": items_url(**params),
            }
        )
    return shown


def _link(**params) -> str:
    return "?" + urlencode([(name, value) for name, value in params.items() if value])


def guideline_index(query) -> dict:
    """The guidelines, and one page each of the cited pages and sections, searched by `q`."""
    sort = query.get("sort") if query.get("sort") in SORTS else DEFAULT_SORT
    cited_by = query.get("cited_by") if query.get("cited_by") in CitedBy.values else None
    search = (query.get("q") or "").strip()[:100]
    state = {"sort": sort, "cited_by": cited_by, "q": search}
    tables, pages = {}, {}
    for table in TABLES:
        ordered = usage(table, cited_by, search if table != "guidelines" else "")
        ordered = ordered.order_by(*SORTS[sort] if TABLES[table][1] else SORTS[sort][:-1])
        if table == "guidelines":
            tables[table] = _rows(ordered, table, cited_by)
            continue
        paginator = Paginator(ordered, ROWS_PER_PAGE)
        page = paginator.get_page(query.get(f"{table}_page"))
        tables[table] = _rows(page.object_list, table, cited_by)
        pages[table] = {
            "number": page.number,
            "count": paginator.num_pages,
            "rows": paginator.count,
            "previous": _link(**state, **{f"{table}_page": page.number - 1})
            if page.has_previous()
            else None,
            "next": _link(**state, **{f"{table}_page": page.number + 1})
            if page.has_next()
            else None,
        }
    return {
        "sort": sort,
        "cited_by": cited_by,
        "search": search,
        "tables": tables,
        "pages": pages,
        # Template-friendly keys: "-rate" is spelled rate_ascending.
        "sort_links": {
            name.replace("-", "") + ("_ascending" if name.startswith("-") else ""): _link(
                **{**state, "sort": name}
            )
            for name in SORTS
        },
        "cited_by_links": [
            {
                "label": label,
                "url": _link(**{**state, "cited_by": value}),
                "current": value == cited_by,
            }
            for value, label in [(None, "Either side"), *CitedBy.choices]
        ],
    }


def most_cited_pages(limit: int) -> list[dict]:
    """The `limit` pages cited by most items (then most overturned)."""
    return _rows(usage("pages", None).order_by(*SORTS["items"])[:limit], "pages", None)
