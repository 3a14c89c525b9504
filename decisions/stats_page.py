"""What /stats/ shows around the figures: the filter in words, its chips, the query string."""

from . import presentation
from .stats import all_figures


def query_without_format(query) -> str:
    """The filter's query string, for links to the same items elsewhere."""
    params = query.copy()
    params.pop("format", None)
    return params.urlencode()


def stats_page(item_filter, query) -> dict:
    """The page's context; `item_filter` must be valid."""
    cleaned = item_filter.form.cleaned_data
    figures = all_figures(item_filter.qs)
    return {
        "figures": figures,
        "query": query_without_format(query),
        "sentence": presentation.sentence(figures["summary"]["items"], cleaned),
        "chips": presentation.chips(query, cleaned),
    }


def stats_json(page: dict) -> dict:
    return {"query": page["query"], "description": page["sentence"], **page["figures"]}
