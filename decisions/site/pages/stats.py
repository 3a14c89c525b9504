"""What /stats/ shows around the figures: the filter in words, its chips, links to the items
of each table row."""

import calendar
import datetime as dt

from decisions.site import presentation
from decisions.site.parameters import CITATION, DECISION_DATE, names_of_topic
from decisions.site.statistics import all_figures

CITATION_PARAMETERS = names_of_topic(CITATION)
DECISION_DATE_PARAMETERS = names_of_topic(DECISION_DATE)
LINKED_TABLES = (
    "by_specialty",
    "by_imr_guideline",
    "by_claims_administrator_guideline",
    "by_category",
    "by_decision_month",
)


def query_without_format(query) -> str:
    """The filter's query string, for links to the same items elsewhere."""
    return presentation.changed_query(query, drop=["format"], keep_page=True).urlencode()


def row_filter(table: str, key, query) -> dict | None:
    """Parameters that narrow `query` to exactly the items one table row counts; None when
    no parameter does, or when one already set would change its meaning."""

    def is_set(names) -> bool:
        return any(query.getlist(name) for name in names)

    if key is None:
        return None
    if table == "by_specialty":
        # A second specialty would mean "either", not "both".
        return None if is_set(["specialty"]) else {"specialty": key}
    if table in ("by_imr_guideline", "by_claims_administrator_guideline"):
        side = "imr" if table == "by_imr_guideline" else "claims_administrator"
        # One citation must match every citation parameter: only a fresh pair is exact.
        return None if is_set(CITATION_PARAMETERS) else {"guideline": key, "cited_by": side}
    if table == "by_category":
        return {"category": key}  # categories are alternatives: one of them is exact
    if table == "by_decision_month":
        if is_set(DECISION_DATE_PARAMETERS):
            return None
        first = dt.date.fromisoformat(f"{key}-01")
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return {"decided_after": first.isoformat(), "decided_before": last.isoformat()}
    return None


def with_item_links(figures: dict, query) -> dict:
    """The rate tables, each row with `items_url` (or None)."""
    tables = {}
    for table in LINKED_TABLES:
        tables[table] = []
        for row in figures[table]:
            params = row_filter(table, row["key"], query)
            tables[table].append(
                {**row, "items_url": presentation.items_url(query, **params) if params else None}
            )
    return tables


def stats_page(item_filter, query) -> dict:
    """The page's context; `item_filter` must be valid."""
    cleaned = item_filter.form.cleaned_data
    figures = all_figures(item_filter.qs, cleaned)
    return {
        "figures": figures,
        "tables": with_item_links(figures, query),
        "query": query_without_format(query),
        "sentence": presentation.sentence(figures["summary"]["items"], cleaned),
        "chips": presentation.chips(query, cleaned),
    }


def stats_json(page: dict) -> dict:
    return {"query": page["query"], "description": page["sentence"], **page["figures"]}
