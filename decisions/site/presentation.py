"""What the templates and JSON show, prepared in Python: labels, links, chips, sentences, rows.

Templates only loop and print. The URL is the state: every link here is the current query
string with one value added or removed, and without `page`.
"""

from django.http import QueryDict
from django.urls import reverse

from decisions import search
from decisions.export_text import citation_label
from decisions.models import CitedBy
from decisions.parsing.vocab import GUIDELINE_SHORT_NAMES, GUIDELINES
from decisions.querysets import DEFAULT_ITEM_ORDERING
from decisions.site.parameters import FILTERS, FORM_FIELDS, PARAMETERS, SORT_LABELS, values


def title(name: str) -> str:
    """A parameter's title on chips, facets and the filter form."""
    return PARAMETERS[name].label


def display_value(name: str, value) -> str:
    return PARAMETERS[name].display(value)


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
    filter_names = {row.name for row in FILTERS}
    return query_string(changed_query(query, drop=[n for n in query if n not in filter_names]))


def without(query, names) -> str:
    """The current query without these parameters (those a form error names), no page."""
    return query_string(changed_query(query, drop=names))


def _comparable(name: str, value) -> str:
    return str(value).lower() if PARAMETERS[name].case_insensitive else str(value)


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
        for name in (row.name for row in FILTERS)
        for value in values(cleaned_data, name)
    ]


def _raw(query, name, cleaned_value) -> str:
    """The value as written in the query, so that removing it matches (dates, numbers)."""
    for raw in query.getlist(name):
        if raw.strip() and raw.strip().upper() == str(cleaned_value).upper():
            return raw
    return query.get(name, str(cleaned_value))


def filter_clauses(cleaned_data) -> list[str]:
    """['outcome is Overturned', 'specialty is Pain Management']."""
    clauses = []
    for row in FILTERS:
        if selected := values(cleaned_data, row.name):
            clauses.append(f"{row.phrase} " + " or ".join(row.display(v) for v in selected))
    return clauses


def sentence(count: int, cleaned_data) -> str:
    """'50 items where outcome is Overturned and specialty is Pain Management'."""
    clauses = filter_clauses(cleaned_data)
    noun = "item" if count == 1 else "items"
    return f"{count:,} {noun}" + (" where " + " and ".join(clauses) if clauses else "")


def filter_description(cleaned_data) -> str:
    """'Items where outcome is Overturned', or 'Every item'."""
    clauses = filter_clauses(cleaned_data)
    return "Items where " + " and ".join(clauses) if clauses else "Every item"


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


def filter_form(query) -> dict:
    """The 'More filters' form: its fields with current values, and the hidden rest."""
    in_form = {row.name for row in FORM_FIELDS}
    fields = []
    for row in FORM_FIELDS:
        value = query.get(row.name, "")
        choices = row.value_field.choices if row.form_input == "select" else []
        options = [
            {"value": option, "label": label, "selected": option == value}
            for option, label in [("", "any"), *choices]
        ]
        fields.append(
            {
                "name": row.name,
                "label": row.label,
                "type": row.form_input,
                "value": value,
                "options": options,
            }
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


def citation_summary(citation) -> dict:
    pages = citation.page_numbers()
    sections = citation.section_names()
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
        "case_url": case.get_absolute_url(),
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
