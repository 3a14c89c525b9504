"""Saved searches: the forms that save, rename and re-schedule them, and the list page.

A saved search keeps the filter's query string exactly as /items/ takes it (without sort,
page or format), checked by the item filter itself before it is saved.
"""

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from decisions.models import SavedSearch
from decisions.site import presentation
from decisions.site.item_filter import DisputedItemFilter


class SavedSearchForm(forms.ModelForm):
    """Save the filter `query` under a name (new), or rename and re-schedule one (edit)."""

    class Meta:
        model = SavedSearch
        fields = ["name", "query", "digest"]
        widgets = {"query": forms.HiddenInput}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if self.instance.pk:  # an edit changes the name and the digest, never the filter
            del self.fields["query"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = SavedSearch.objects.owned_by(self.owner).filter(name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"You already have a saved search named {name!r}.")
        return name

    def clean_query(self):
        query = QueryDict(self.cleaned_data["query"].lstrip("?"))
        if not DisputedItemFilter(query).is_valid():
            raise forms.ValidationError("This filter has errors: correct it on the item page.")
        return presentation.filter_query(query).lstrip("?")

    def save(self, commit=True):
        saved = super().save(commit=False)
        if saved.pk is None:
            saved.owner = self.owner
            saved.covered_until = timezone.now()  # a digest starts with the next letters
        if commit:
            saved.save()
        return saved


def saved_search_rows(user, invalid_form: SavedSearchForm | None = None) -> list[dict]:
    """The user's saved searches as the list page shows them, each with its edit form
    (the one that failed validation, with its errors, in its place)."""
    rows = []
    for saved in SavedSearch.objects.owned_by(user):
        if invalid_form is not None and invalid_form.instance.pk == saved.pk:
            form = invalid_form
        else:
            form = SavedSearchForm(instance=saved, owner=user, auto_id=f"id_{saved.pk}_%s")
        filterset = DisputedItemFilter(QueryDict(saved.query))
        rows.append(
            {
                "saved": saved,
                "form": form,
                "description": (
                    presentation.filter_description(filterset.form.cleaned_data)
                    if filterset.is_valid()
                    else "This filter is no longer valid: save it again from the item page."
                ),
                "feed_url": reverse("decisions:items-feed")
                + (f"?{saved.query}" if saved.query else ""),
            }
        )
    return rows
