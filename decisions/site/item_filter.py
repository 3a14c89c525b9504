"""The item browser's query parameters as one django-filter FilterSet.

HTML, JSON, CSV, the facets and the stats page all read DisputedItemFilter(request.GET).qs.
Its filters are made from the parameter table (parameters.py). A parameter given several
times (`?specialty=A&specialty=B`) means any of its values; different parameters must all
hold. Invalid values are form errors, never exceptions.
"""

import copy

import django_filters
from django import forms

from decisions.models import DisputedItem
from decisions.site.parameters import (
    DEFAULT_PAGE_SIZE,
    PARAMETERS,
    Parameter,
    citation_conditions,
)


class MultipleValueField(forms.Field):
    """A repeatable parameter; each value is cleaned by `item_field`, blanks dropped."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, item_field, **kwargs):
        self.item_field = item_field
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


class SingleValueFilter(django_filters.Filter):
    """A parameter given once, cleaned by a copy of its table row's form field."""

    def __init__(self, *, value_field, **kwargs):
        self.value_field = value_field
        super().__init__(**kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self._field = copy.deepcopy(self.value_field)
            self._field.label = self.label
        return self._field


def filter_for(row: Parameter) -> django_filters.Filter:
    """The django-filter Filter of one row of the parameter table."""
    if row.lookup:
        field_name, lookup_expr = row.lookup.rsplit("__", 1)
        how = {"field_name": field_name, "lookup_expr": lookup_expr}
    elif row.queryset_method:
        how = {"field_name": row.name, "method": "apply_queryset_method"}
    else:  # the citation parameters, the sort and the paging
        how = {"field_name": row.name, "method": "applied_in_filter_queryset_or_by_the_view"}
    if row.repeatable:
        return MultipleValueFilter(item_field=row.value_field, label=row.label, **how)
    return SingleValueFilter(value_field=row.value_field, label=row.label, **how)


class DisputedItemFilter(django_filters.FilterSet):
    class Meta:
        model = DisputedItem
        fields = []

    @classmethod
    def get_filters(cls):
        """One filter per row of the parameter table, in its order."""
        return {name: filter_for(row) for name, row in PARAMETERS.items()}

    def apply_queryset_method(self, queryset, name, value):
        return getattr(queryset, PARAMETERS[name].queryset_method)(value)

    def applied_in_filter_queryset_or_by_the_view(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = super().filter_queryset(queryset)
        queryset = queryset.citing(**citation_conditions(data))
        return queryset.ordered(data.get("sort"), searching=bool(self.search_text))

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
