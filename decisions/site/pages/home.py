"""The home page's content: headline figures of the whole archive and entry points."""

from django.db.models import Max, Min

from decisions.models import Case, DisputedItem
from decisions.site.facets import grouped_counts
from decisions.site.pages.guidelines import most_cited_pages
from decisions.site.parameters import PARAMETERS


def home_context() -> dict:
    items = DisputedItem.objects.all()
    years = grouped_counts(items, PARAMETERS["year"], {})
    return {
        "cases": Case.objects.count(),
        "summary": items.summary(),
        "dates": Case.objects.aggregate(first=Min("decision_date"), last=Max("decision_date")),
        "top_pages": most_cited_pages(8),
        "top_specialties": list(grouped_counts(items, PARAMETERS["specialty"], {})[:8]),
        "years": sorted(years, key=lambda year: -year["value"]),
    }
