"""One page of the item browser: summary, rows, facets and links, for HTML and JSON."""

from dataclasses import dataclass

from django.core.paginator import InvalidPage, Paginator
from django.db import connections
from django.urls import reverse

from decisions import search, search_rows
from decisions.models import Digest
from decisions.querysets import DEFAULT_ITEM_ORDERING
from decisions.site import presentation
from decisions.site.facets import facet_counts, matching
from decisions.site.tallies import chosen_filters, tallied_summary


class PageOutOfRange(Exception):
    pass


class CountedPaginator(Paginator):
    """A paginator told the count the summary query already made."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


@dataclass
class ItemListing:
    summary: dict
    sentence: str
    chips: list
    page: object
    rows: list
    facets: dict
    facet_panels: list
    previous_url: str | None
    next_url: str | None
    csv_url: str
    stats_url: str
    json_url: str
    feed_url: str
    saved_query: str  # what a saved search of this filter keeps
    default_search_name: str  # its name unless the analyst gives another
    digest_choices: list
    sort_options: list
    filter_form: dict
    sort_hidden_inputs: list

    @property
    def every_facet_counted(self) -> bool:
        """False when a facet gave up (FACET_TIME_LIMIT_MS): the page is not one to keep."""
        return not any(result.timed_out for result in self.facets.values())

    def as_json(self, request) -> dict:
        return {
            "count": self.summary["count"],
            "upheld": self.summary["upheld"],
            "overturned": self.summary["overturned"],
            "overturn_rate": self.summary["overturn_rate"],
            "description": self.sentence,
            "page": self.page.number,
            "pages": self.page.paginator.num_pages,
            "results": [{**row, "snippet": str(row["snippet"])} for row in self.rows],
            "facets": {
                name: [{"value": v["value"], "count": v["count"]} for v in result.values]
                for name, result in self.facets.items()
            },
            "facets_timed_out": [name for name, result in self.facets.items() if result.timed_out],
            "next": request.build_absolute_uri(self.next_url) if self.next_url else None,
            "previous": (
                request.build_absolute_uri(self.previous_url) if self.previous_url else None
            ),
        }


def _page_link(query, number) -> str:
    return presentation.query_string(presentation.changed_query(query, set={"page": number}))


def _with_format(query, response_format) -> str:
    return presentation.query_string(
        presentation.changed_query(query, set={"format": response_format})
    )


def _page(filterset, count, matched):
    """The page and its items with everything their rows show. The page's ids are read
    first, then their rows: from the matched items' table when there is one, which holds
    the columns the list is ordered by, so that a search orders its 75,000 narrow rows
    instead of joining as many items to their cases; from an index of the search rows
    where one gives them (_ids_from_search_rows); from the filter's items past the first
    page, where skipping 10,000 ids costs less than skipping 10,000 whole rows (page 200
    at a million letters: 159 ms -> 41 + 22 ms). Any other first page is read whole, in
    one query."""
    items, text = filterset.qs, filterset.search_text
    vendor = connections[items.db].vendor
    sort = filterset.form.cleaned_data.get("sort")
    ordered_ids = None if matched is None else matched.ordered_ids(sort)
    if ordered_ids is None:
        ordered_ids = _ids_from_search_rows(filterset, sort)
    if ordered_ids is None and filterset.page_number > 1:
        ordered_ids = items.values_list("pk", flat=True)
    if ordered_ids is None:
        rows_query = search.with_headlines(items.with_related(), text, vendor)
    else:
        rows_query = ordered_ids
    paginator = CountedPaginator(rows_query, filterset.items_per_page, count)
    try:
        page = paginator.page(filterset.page_number)
    except InvalidPage as error:
        raise PageOutOfRange(
            f"Page {filterset.page_number} does not exist: there are {paginator.num_pages}."
        ) from error
    if ordered_ids is None:
        return page, list(page.object_list)
    ids = list(page.object_list)
    with_rows = search.with_headlines(items.model.objects.using(items.db), text, vendor)
    by_id = with_rows.with_related().in_bulk(ids)
    return page, [by_id[pk] for pk in ids]


def _ids_from_search_rows(filterset, sort):
    """The ids to page through in the default order, from the search rows' index of it
    (search_rows.in_order, PostgreSQL), for the filters it can answer; else None."""
    if (sort or DEFAULT_ITEM_ORDERING) != DEFAULT_ITEM_ORDERING:
        return None
    chosen = chosen_filters(filterset.form.cleaned_data)
    return search_rows.in_order(chosen, filterset.qs.db)


def build_listing(filterset, query) -> ItemListing:
    """Raises PageOutOfRange for a page past the last one."""
    cleaned = filterset.form.cleaned_data
    items = filterset.qs
    tallied = tallied_summary(cleaned)
    known_count = None if tallied is None else tallied["count"]
    with matching(items, query, cleaned, known_count) as matched:
        summary = tallied or (items if matched is None else matched).summary()
        page, page_items = _page(filterset, summary["count"], matched)
        facets = facet_counts(query, cleaned, matched)
    text = filterset.search_text
    return ItemListing(
        summary=summary,
        sentence=presentation.sentence(summary["count"], cleaned),
        chips=presentation.chips(query, cleaned),
        page=page,
        rows=[presentation.item_row(item, text) for item in page_items],
        facets=facets,
        facet_panels=presentation.facet_panels(facets, query),
        previous_url=_page_link(query, page.number - 1) if page.has_previous() else None,
        next_url=_page_link(query, page.number + 1) if page.has_next() else None,
        csv_url=_with_format(query, "csv"),
        stats_url=reverse("decisions:stats") + presentation.filter_query(query),
        json_url=_with_format(query, "json"),
        feed_url=reverse("decisions:items-feed") + presentation.filter_query(query),
        saved_query=presentation.filter_query(query).lstrip("?"),
        default_search_name=presentation.filter_description(cleaned)[:100],
        digest_choices=Digest.choices,
        sort_options=presentation.sort_options(cleaned.get("sort")),
        filter_form=presentation.filter_form(query),
        sort_hidden_inputs=presentation.hidden_inputs(query, leave_out={"sort"}),
    )
