"""The home page's content: headline figures of the whole archive and entry points."""

from django.db.models import Max, Min

from decisions.models import Case
from decisions.site.pages.guidelines import most_cited_pages
from decisions.site.tallies import tallied_cases, tallied_facet, tallied_summary


def home_context() -> dict:
    """The whole archive's figures, read from the Tally rows."""
    return {
        "cases": tallied_cases(),
        "summary": tallied_summary({}),
        "dates": Case.objects.aggregate(first=Min("decision_date"), last=Max("decision_date")),
        "top_pages": most_cited_pages(8),
        "top_specialties": list(tallied_facet("specialty", {})[:8]),
        "years": sorted(tallied_facet("year", {}), key=lambda year: -year["value"]),
    }
