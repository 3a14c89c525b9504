"""The query parameters of /items/ and /stats/, each described once.

One row per parameter: its title, its wording in the sentence, how one value is cleaned,
how it filters, its input in the "More filters" form, its facet and its line in the
reference (docs/parameters.md). The FilterSet (item_filter.py), the chips and the sentence
(presentation.py), the facets (facets.py), the stats page's row links (pages/stats.py), the
JSON answer and the reference are all built from PARAMETERS: adding a filter is one row.
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import F
from django.db.models.functions import ExtractYear

from decisions.models import CitedBy, Outcome, Sex
from decisions.parsing.vocab import GUIDELINE_SHORT_NAMES, GUIDELINES
from decisions.querysets import ITEM_ORDERINGS, SECTION_KEY, section_keys

# What `topic` groups: the stats page asks which parameters of a topic are set.
CITATION = "citation"
DECISION_DATE = "decision date"


def choice(choices) -> forms.ChoiceField:
    return forms.ChoiceField(choices=list(choices), required=False)


def integer(min_value: int, max_value: int) -> forms.IntegerField:
    return forms.IntegerField(min_value=min_value, max_value=max_value, required=False)


def text(max_length: int = 300) -> forms.CharField:
    return forms.CharField(max_length=max_length, required=False)


def date() -> forms.DateField:
    return forms.DateField(required=False)


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str  # its title on chips, facets and the form
    reference: str  # its values, for docs/parameters.md
    value_field: forms.Field  # cleans one value
    phrase: str = ""  # its wording in the sentence; "" for what is no filter (sort, paging)
    repeatable: bool = False  # several values mean any of them
    # How it filters, one of three (none: applied by the views, as sort and paging are):
    lookup: str = ""  # a DisputedItem lookup, ending in its comparison ("__gte")
    queryset_method: str = ""  # a DisputedItemQuerySet method given the cleaned value
    citation_lookup: str = ""  # a GuidelineCitation lookup; one citation must match them all
    form_input: str = ""  # input type in the "More filters" form; "" when not there
    value_labels: dict = field(default_factory=dict)  # how values are shown
    quoted: bool = False  # values are shown in quotes (search text)
    case_insensitive: bool = False  # values match whatever their capitals
    facet: object = None  # the expression a facet groups items by; None: no facet
    facet_refines: str = ""  # the facet is shown once this parameter has a value
    facet_by_value: bool = False  # the facet lists values newest first, not by count
    topic: str = ""

    @property
    def is_filter(self) -> bool:
        return bool(self.phrase)

    def matched_values(self, values) -> list:
        """What the database compares the cleaned values with."""
        return section_keys(values) if self.case_insensitive else values

    def display(self, value) -> str:
        if self.quoted:
            return f"“{value}”"
        return str(self.value_labels.get(value, value))

    @property
    def filters_by_citation(self) -> bool:
        return bool(self.citation_lookup)


SORT_LABELS = {
    "-decided": "Newest decisions first",
    "decided": "Oldest decisions first",
    "case": "Case number",
    "-case": "Case number, descending",
    "outcome": "Outcome",
    "description": "Item description",
}
assert SORT_LABELS.keys() == ITEM_ORDERINGS.keys()

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50

_ROWS = [
    Parameter(
        "outcome",
        "Outcome",
        "`upheld`, `overturned` (repeatable)",
        choice(Outcome.choices),
        phrase="outcome is",
        repeatable=True,
        queryset_method="with_outcomes",
        facet=F("outcome"),
    ),
    Parameter(
        "specialty",
        "Reviewer specialty",
        "reviewer specialty, canonical name (repeatable)",
        text(),
        phrase="specialty is",
        repeatable=True,
        queryset_method="by_specialties",
        facet=F("case__reviewer__specialty_links__specialty__name"),
    ),
    Parameter(
        "state",
        "Reviewer licensed in",
        "a state the reviewer is licensed in, full name (repeatable)",
        text(),
        phrase="reviewer is licensed in",
        repeatable=True,
        queryset_method="by_license_states",
        facet=F("case__reviewer__licenses__state"),
    ),
    Parameter(
        "guideline",
        "Guideline",
        "canonical id: `mtus-chronic-pain`, `mtus-acoem`, `odg`, ... (repeatable)",
        choice(GUIDELINES.items()),
        phrase="guideline is",
        repeatable=True,
        citation_lookup="guideline_id__in",
        value_labels=GUIDELINE_SHORT_NAMES,
        facet=F("citations__guideline_id"),
        topic=CITATION,
    ),
    Parameter(
        "guideline_page",
        "Page of the selected guideline",
        "a page number: items with one citation of the selected guideline(s) (of any "
        "guideline when none is selected) citing this page (repeatable)",
        integer(1, 100_000),
        phrase="cites page",
        repeatable=True,
        citation_lookup="pages__page__in",
        form_input="number",
        facet=F("citations__pages__page"),
        facet_refines="guideline",
        topic=CITATION,
    ),
    Parameter(
        "section",
        "Section",
        "a section name, e.g. `Massage therapy`, whatever its capitals, same citation rule "
        "as pages (repeatable)",
        text(),
        phrase="cites section",
        repeatable=True,
        citation_lookup="sections__name__lower__in",
        form_input="text",
        case_insensitive=True,
        facet=SECTION_KEY,
        topic=CITATION,
    ),
    Parameter(
        "cited_by",
        "Cited by",
        "`imr` or `claims_administrator`: only that side's citations count for `guideline`, "
        "`guideline_page`, `section`",
        choice(CitedBy.choices),
        phrase="cited by",
        citation_lookup="cited_by",
        form_input="select",
        value_labels=dict(CitedBy.choices),
        topic=CITATION,
    ),
    Parameter(
        "category",
        "Category",
        "treatment category (repeatable)",
        text(),
        phrase="category is",
        repeatable=True,
        lookup="category__in",
        form_input="text",
        facet=F("category"),
    ),
    Parameter(
        "subcategory",
        "Subcategory",
        "treatment subcategory (repeatable)",
        text(),
        phrase="subcategory is",
        repeatable=True,
        lookup="subcategory__in",
        facet=F("subcategory"),
        facet_refines="category",
    ),
    Parameter(
        "decided_after",
        "Decided on or after",
        "`YYYY-MM-DD`, inclusive",
        date(),
        phrase="decided on or after",
        lookup="case__decision_date__gte",
        form_input="date",
        topic=DECISION_DATE,
    ),
    Parameter(
        "decided_before",
        "Decided on or before",
        "`YYYY-MM-DD`, inclusive",
        date(),
        phrase="decided on or before",
        lookup="case__decision_date__lte",
        form_input="date",
        topic=DECISION_DATE,
    ),
    Parameter(
        "year",
        "Year decided",
        "year decided (repeatable)",
        integer(1990, 2100),
        phrase="decided in",
        repeatable=True,
        queryset_method="decided_in_years",
        facet=ExtractYear("case__decision_date"),
        facet_by_value=True,
        topic=DECISION_DATE,
    ),
    Parameter(
        "injured_after",
        "Injured on or after",
        "`YYYY-MM-DD`, inclusive",
        date(),
        phrase="injured on or after",
        lookup="case__injury_date__gte",
        form_input="date",
    ),
    Parameter(
        "injured_before",
        "Injured on or before",
        "`YYYY-MM-DD`, inclusive",
        date(),
        phrase="injured on or before",
        lookup="case__injury_date__lte",
        form_input="date",
    ),
    Parameter(
        "age_min",
        "Age at least",
        "patient age in years, inclusive",
        integer(0, 150),
        phrase="patient age is at least",
        lookup="case__patient_age__gte",
        form_input="number",
    ),
    Parameter(
        "age_max",
        "Age at most",
        "patient age in years, inclusive",
        integer(0, 150),
        phrase="patient age is at most",
        lookup="case__patient_age__lte",
        form_input="number",
    ),
    Parameter(
        "sex",
        "Patient",
        "`male`, `female`",
        choice(Sex.choices),
        phrase="patient is",
        lookup="case__patient_sex__exact",
        form_input="select",
    ),
    Parameter(
        "case_number",
        "Case number",
        "`CM16-0213037` (any case)",
        text(20),
        phrase="case number is",
        queryset_method="with_case_number",
        form_input="text",
    ),
    Parameter(
        "q",
        "Text",
        "full-text search of item descriptions and rationales (Search syntax, below); "
        "an exact case number opens that case",
        text(500),
        phrase="text matches",
        queryset_method="search",
        form_input="search",
        quoted=True,
    ),
    Parameter(
        "sort",
        "Sort",
        ", ".join(f"`{key}`" for key in SORT_LABELS) + " (default `-decided`, newest first)",
        choice((key, key) for key in ITEM_ORDERINGS),
    ),
    Parameter("page", "Page", "page of results, from 1", integer(1, 1_000_000)),
    Parameter(
        "page_size",
        "Items per page",
        f"rows per page (1 to {MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE})",
        integer(1, MAX_PAGE_SIZE),
    ),
]

PARAMETERS: dict[str, Parameter] = {row.name: row for row in _ROWS}
FILTERS = [row for row in _ROWS if row.is_filter]
FACETS = [row for row in _ROWS if row.facet is not None]
FORM_FIELDS = [row for row in _ROWS if row.form_input]
CITATION_PARAMETERS = [row for row in _ROWS if row.citation_lookup]


def names_of_topic(topic: str) -> list[str]:
    return [row.name for row in _ROWS if row.topic == topic]


def values(cleaned_data, name) -> list:
    """The cleaned values of a parameter as a list (none, one, or the repeated ones)."""
    value = cleaned_data.get(name)
    if value in (None, "", []):
        return []
    return value if isinstance(value, list) else [value]


def citation_conditions(cleaned_data, prefix: str = "", leave_out: str = "") -> dict:
    """The lookups that one citation must match for every citation parameter set (but
    `leave_out`): on GuidelineCitation, or from DisputedItem with prefix "citations__"."""
    return {
        prefix + row.citation_lookup: row.matched_values(cleaned_data[row.name])
        for row in CITATION_PARAMETERS
        if row.name != leave_out and cleaned_data.get(row.name)
    }


def reference_markdown() -> str:
    """The parameter table of docs/parameters.md (a test keeps the file in step)."""
    lines = ["| parameter | title | values | facet |", "| --- | --- | --- | --- |"]
    for row in _ROWS:
        facet = ""
        if row.facet is not None:
            facet = f"once `{row.facet_refines}` is set" if row.facet_refines else "yes"
        lines.append(f"| `{row.name}` | {row.label} | {row.reference} | {facet} |")
    lines.append("| `format` | | `html` (default), `json`, `csv` (not on `/stats/`) | |")
    return "\n".join(lines) + "\n"
