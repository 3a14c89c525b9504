"""What the templates and JSON show, prepared in Python: labels, links, chips, sentences, rows.

Templates only loop and print. The URL is the state: every link here is the current query
string with one value added or removed, and without `page`.
"""

from django.http import QueryDict
from django.urls import reverse

from decisions import search
from decisions.models import CitedBy, Sex
from decisions.parsing.vocab import GUIDELINE_SHORT_NAMES, GUIDELINES
from decisions.querysets import DEFAULT_ITEM_ORDERING
from decisions.site.item_filter import DisputedItemFilter

# The filter parameters, in the order of chips and the sentence, with the sentence's phrase
# for each. Their titles are the FilterSet's labels (title()).
PARAMETERS = {
    "outcome": "outcome is",
    "specialty": "specialty is",
    "state": "reviewer is licensed in",
    "guideline": "guideline is",
    "guideline_page": "cites page",
    "section": "cites section",
    "cited_by": "cited by",
    "category": "category is",
    "subcategory": "subcategory is",
    "decided_after": "decided on or after",
    "decided_before": "decided on or before",
    "year": "decided in",
    "injured_after": "injured on or after",
    "injured_before": "injured on or before",
    "age_min": "patient age is at least",
    "age_max": "patient age is at most",
    "sex": "patient is",
    "case_number": "case number is",
    "q": "text matches",
}


def title(name: str) -> str:
    """A parameter's title on chips, facets and the filter form."""
    return DisputedItemFilter.base_filters[name].label


SORT_LABELS = {
    "-decided": "Newest decisions first",
    "decided": "Oldest decisions first",
    "case": "Case number",
    "-case": "Case number, descending",
    "outcome": "Outcome",
    "description": "Item description",
}

_LABELS = {
    "cited_by": dict(CitedBy.choices),
    "guideline": GUIDELINE_SHORT_NAMES,
}


def display_value(name: str, value) -> str:
    if name == "q":
        return f"“{value}”"
    return str(_LABELS.get(name, {}).get(value, value))


def _values(cleaned_data, name) -> list:
    value = cleaned_data.get(name)
    if value in (None, "", []):
        return []
    return value if isinstance(value, list) else [value]


def query_string(query) -> str:
    return "?" + query.urlencode() if query else "?"


def changed_query(query, drop=(), set=None, keep_page=False) -> QueryDict:
    """A copy of `query` without the `drop` parameters and `page` (unless `keep_page`), then
    with each parameter of `set` given its value (a list: its values; None: removed)."""
    changed = query.copy()
    dropped = list(drop) if keep_page else [*drop, "page"]
    for name in dropped:
        changed.pop(name, None)
    for name, value in (set or {}).items():
        values = [] if value is None else value if isinstance(value, list) else [value]
        changed.setlist(name, [str(v) for v in values])
        if not values:
            changed.pop(name)
    return changed


def items_url(query=None, **params) -> str:
    """/items/ with `params` (None or "" leaves one out) over `query`, if any, without its
    page and format."""
    base = query if query is not None else QueryDict()
    params = {name: None if value == "" else value for name, value in params.items()}
    return reverse("decisions:items") + query_string(
        changed_query(base, drop=["format"], set=params)
    )


def filter_query(query) -> str:
    """The query string of the filter alone: no sort, page, page size or format."""
    return query_string(changed_query(query, drop=[n for n in query if n not in PARAMETERS]))


def without(query, names) -> str:
    """The current query without these parameters (those a form error names), no page."""
    return query_string(changed_query(query, drop=names))


# Parameters whose values match whatever their capitals (see DisputedItemQuerySet.citing).
CASE_INSENSITIVE = {"section"}


def _comparable(name: str, value) -> str:
    return str(value).lower() if name in CASE_INSENSITIVE else str(value)


def toggled(query, name: str, value) -> str:
    """The current query with `value` of `name` added, or removed when present; no page."""
    values = query.getlist(name)
    kept = [v for v in values if _comparable(name, v) != _comparable(name, value)]
    return query_string(
        changed_query(query, set={name: kept if len(kept) < len(values) else [*values, value]})
    )


def chips(query, cleaned_data) -> list[dict]:
    """Active filters, each value with a link that removes it."""
    return [
        {
            "label": f"{title(name)}: {display_value(name, value)}",
            "remove_url": toggled(query, name, _raw(query, name, value)),
        }
        for name in PARAMETERS
        for value in _values(cleaned_data, name)
    ]


def _raw(query, name, cleaned_value) -> str:
    """The value as written in the query, so that removing it matches (dates, numbers)."""
    for raw in query.getlist(name):
        if raw.strip() and raw.strip().upper() == str(cleaned_value).upper():
            return raw
    return query.get(name, str(cleaned_value))


def sentence(count: int, cleaned_data) -> str:
    """'50 items where outcome is Overturned and specialty is Pain Management'."""
    clauses = []
    for name, phrase in PARAMETERS.items():
        values = _values(cleaned_data, name)
        if values:
            clauses.append(f"{phrase} " + " or ".join(display_value(name, v) for v in values))
    noun = "item" if count == 1 else "items"
    return f"{count:,} {noun}" + (" where " + " and ".join(clauses) if clauses else "")


def facet_panels(facets, query) -> list[dict]:
    """Facets as the template shows them: title, values with counts and toggle links."""
    panels = []
    for name, result in facets.items():
        selected = {_comparable(name, v): v for v in query.getlist(name) if v.strip()}
        values = [
            {
                "label": display_value(name, entry["value"]),
                "value": entry["value"],
                "count": entry["count"],
                "url": toggled(query, name, entry["value"]),
                "selected": _comparable(name, entry["value"]) in selected,
            }
            for entry in result.values
        ]
        shown = {_comparable(name, entry["value"]) for entry in result.values}
        # A selected value outside the top values stays visible, so it can be removed.
        values += [
            {
                "label": display_value(name, value),
                "value": value,
                "count": None,
                "url": toggled(query, name, value),
                "selected": True,
            }
            for value in sorted(selected[key] for key in selected.keys() - shown)
        ]
        panels.append(
            {
                "name": name,
                "title": title(name),
                "values": values,
                "timed_out": result.timed_out,
            }
        )
    return panels


# The form's fields; the facet parameters travel as hidden inputs.
FORM_FIELDS = [
    ("q", "search"),
    ("case_number", "text"),
    ("guideline_page", "number"),
    ("section", "text"),
    ("cited_by", "select"),
    ("category", "text"),
    ("decided_after", "date"),
    ("decided_before", "date"),
    ("injured_after", "date"),
    ("injured_before", "date"),
    ("age_min", "number"),
    ("age_max", "number"),
    ("sex", "select"),
]
_SELECT_OPTIONS = {"cited_by": CitedBy.choices, "sex": Sex.choices}


def filter_form(query) -> dict:
    """The 'More filters' form: its fields with current values, and the hidden rest."""
    in_form = {name for name, _ in FORM_FIELDS}
    fields = []
    for name, kind in FORM_FIELDS:
        value = query.get(name, "")
        options = [
            {"value": option, "label": label, "selected": option == value}
            for option, label in [("", "any"), *_SELECT_OPTIONS.get(name, [])]
        ]
        label = title(name)
        fields.append(
            {"name": name, "label": label, "type": kind, "value": value, "options": options}
        )
    return {
        "fields": fields,
        "hidden": hidden_inputs(query, leave_out=in_form),
        # The header's search box already shows `q`: open only for the other fields.
        "open": any(query.get(name) for name in in_form - {"q"}),
    }


def hidden_inputs(query, leave_out) -> list[dict]:
    """The query as hidden inputs of a form that sets the `leave_out` parameters itself."""
    kept = changed_query(query, drop=[*leave_out, "format"])
    return [{"name": name, "value": value} for name, values in kept.lists() for value in values]


def sort_options(current: str | None) -> list[dict]:
    current = current or DEFAULT_ITEM_ORDERING
    return [
        {"value": value, "label": label, "selected": value == current}
        for value, label in SORT_LABELS.items()
    ]


def case_url(case) -> str:
    if case.case_number:
        return reverse("decisions:case", args=[case.case_number])
    return reverse("decisions:case-by-id", args=[case.pk])


def citation_label(guideline_id: str, pages) -> str:
    """'MTUS Chronic Pain p. 98, 99'."""
    label = short_guideline_name(guideline_id)
    return label + (" p. " + ", ".join(str(page) for page in pages) if pages else "")


def citation_summary(citation) -> dict:
    pages = [page.page for page in citation.pages.all()]
    sections = [section.name for section in citation.sections.all()]
    label = citation_label(citation.guideline_id, pages)
    return {
        "cited_by": citation.cited_by,
        "guideline": citation.guideline_id,
        "chapter": citation.chapter or None,
        "pages": pages,
        "sections": sections,
        "text": citation.text,
        "label": label,
    }


def reviewer_specialties(reviewer) -> list[str]:
    """Reviewer.specialty_names(), none for a case without a reviewer."""
    return reviewer.specialty_names() if reviewer else []


def reviewer_states(reviewer) -> list[str]:
    """Reviewer.state_names(), none for a case without a reviewer."""
    return reviewer.state_names() if reviewer else []


def item_row(item, search_text: str = "") -> dict:
    """One row of the item list, for HTML and JSON alike."""
    case = item.case
    citations = [citation_summary(c) for c in item.citations.all()]
    headline = getattr(item, "headline", None)
    if search_text and headline is None:
        headline = search.python_headline(item.rationale, search_text)
    return {
        "case_number": case.case_number,
        "case_url": case_url(case),
        "decision_date": case.decision_date.isoformat() if case.decision_date else None,
        "number": item.number,
        "description": item.description,
        "outcome": item.outcome,
        "category": item.category or None,
        "subcategory": item.subcategory or None,
        "specialties": reviewer_specialties(case.reviewer),
        "states": reviewer_states(case.reviewer),
        "citations": citations,
        # Labels of the reviewer's (IMR) citations first, without repeats.
        "guideline_labels": list(
            dict.fromkeys(
                c["label"] for c in sorted(citations, key=lambda c: c["cited_by"] != CitedBy.IMR)
            )
        ),
        "snippet": search.marked(headline) if headline else "",
    }


def guideline_name(guideline_id: str) -> str:
    return GUIDELINES.get(guideline_id, guideline_id)


def short_guideline_name(guideline_id: str) -> str:
    return GUIDELINE_SHORT_NAMES.get(guideline_id, guideline_id)
