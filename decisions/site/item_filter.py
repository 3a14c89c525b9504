"""The item browser's query parameters as one django-filter FilterSet.

HTML, JSON, CSV, the facets and the stats page all read DisputedItemFilter(request.GET).qs.
A parameter given several times (`?specialty=A&specialty=B`) means any of its values;
different parameters must all hold. Invalid values are form errors, never exceptions.
"""

import django_filters
from django import forms

from decisions.models import CitedBy, DisputedItem, Outcome, Sex
from decisions.parsing.vocab import GUIDELINES
from decisions.querysets import ITEM_ORDERINGS

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


class MultipleValueField(forms.Field):
    """A repeatable parameter; each value is cleaned by `item_field`, blanks dropped."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, item_field=None, **kwargs):
        self.item_field = item_field or forms.CharField(max_length=300)
        super().__init__(**kwargs)

    def clean(self, value):
        cleaned, errors = [], []
        for raw in value or []:
            if str(raw).strip() == "":
                continue
            try:
                item = self.item_field.clean(raw)
            except forms.ValidationError as error:
                errors.extend(f"{raw!r}: {message}" for message in error.messages)
                continue
            if item not in cleaned:
                cleaned.append(item)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class MultipleValueFilter(django_filters.Filter):
    field_class = MultipleValueField


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


def _choice(choices) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices)


def _page_number(max_value: int) -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=max_value)


class DisputedItemFilter(django_filters.FilterSet):
    # Each label is the parameter's title on the pages (chips, facets, the filter form).
    outcome = MultipleValueFilter(
        method="filter_outcome", item_field=_choice(Outcome.choices), label="Outcome"
    )
    specialty = MultipleValueFilter(method="filter_specialty", label="Reviewer specialty")
    state = MultipleValueFilter(method="filter_state", label="Reviewer licensed in")
    # The four citation parameters are applied together in filter_queryset: one citation
    # must match them all.
    guideline = MultipleValueFilter(
        method="keep", item_field=_choice(GUIDELINES.items()), label="Guideline"
    )
    guideline_page = MultipleValueFilter(
        method="keep", item_field=_page_number(100_000), label="Page of the selected guideline"
    )
    section = MultipleValueFilter(method="keep", label="Section")
    cited_by = django_filters.ChoiceFilter(method="keep", choices=CitedBy.choices, label="Cited by")
    category = MultipleValueFilter(field_name="category", lookup_expr="in", label="Category")
    subcategory = MultipleValueFilter(
        field_name="subcategory", lookup_expr="in", label="Subcategory"
    )
    decided_after = django_filters.DateFilter(
        field_name="case__decision_date", lookup_expr="gte", label="Decided on or after"
    )
    decided_before = django_filters.DateFilter(
        field_name="case__decision_date", lookup_expr="lte", label="Decided on or before"
    )
    year = MultipleValueFilter(
        method="filter_year",
        item_field=forms.IntegerField(min_value=1990, max_value=2100),
        label="Year decided",
    )
    injured_after = django_filters.DateFilter(
        field_name="case__injury_date", lookup_expr="gte", label="Injured on or after"
    )
    injured_before = django_filters.DateFilter(
        field_name="case__injury_date", lookup_expr="lte", label="Injured on or before"
    )
    age_min = IntegerFilter(
        field_name="case__patient_age",
        lookup_expr="gte",
        min_value=0,
        max_value=150,
        label="Age at least",
    )
    age_max = IntegerFilter(
        field_name="case__patient_age",
        lookup_expr="lte",
        min_value=0,
        max_value=150,
        label="Age at most",
    )
    sex = django_filters.ChoiceFilter(
        field_name="case__patient_sex", choices=Sex.choices, label="Patient"
    )
    case_number = django_filters.CharFilter(
        method="filter_case_number", max_length=20, label="Case number"
    )
    q = django_filters.CharFilter(method="filter_search", max_length=500, label="Text")
    sort = django_filters.ChoiceFilter(
        method="keep", choices=[(key, key) for key in ITEM_ORDERINGS], label="Sort"
    )
    page = IntegerFilter(method="keep", min_value=1, max_value=1_000_000, label="Page")
    page_size = IntegerFilter(
        method="keep", min_value=1, max_value=MAX_PAGE_SIZE, label="Items per page"
    )

    class Meta:
        model = DisputedItem
        fields = []

    def keep(self, queryset, name, value):
        """Parameters applied elsewhere (citations, sort) or not filters at all (paging)."""
        return queryset

    def filter_outcome(self, queryset, name, value):
        return queryset.with_outcomes(value)

    def filter_specialty(self, queryset, name, value):
        return queryset.by_specialties(value)

    def filter_state(self, queryset, name, value):
        return queryset.by_license_states(value)

    def filter_year(self, queryset, name, value):
        return queryset.decided_in_years(value)

    def filter_case_number(self, queryset, name, value):
        return queryset.filter(case__case_number=value.strip().upper())

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = super().filter_queryset(queryset)
        queryset = queryset.citing(
            guidelines=data.get("guideline"),
            pages=data.get("guideline_page"),
            sections=data.get("section"),
            cited_by=data.get("cited_by"),
        )
        return queryset.ordered(data.get("sort"), searching=bool(data.get("q", "").strip()))

    # What the views read after is_valid().

    @property
    def page_number(self) -> int:
        return self.form.cleaned_data.get("page") or 1

    @property
    def items_per_page(self) -> int:
        return self.form.cleaned_data.get("page_size") or DEFAULT_PAGE_SIZE

    @property
    def search_text(self) -> str:
        return (self.form.cleaned_data.get("q") or "").strip()
