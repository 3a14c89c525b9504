"""List filters of the case admin that are not plain field filters."""

from django.contrib import admin

from decisions.models import IngestProblem


def cases_with_warnings(cases):
    """The cases whose letters gave parser warnings."""
    return cases.exclude(parser_warnings=[])


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no filter: subclasses say what "yes" selects."""

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def selected(self, queryset):
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return self.selected(queryset)
        if self.value() == "no":
            return queryset.exclude(pk__in=self.selected(queryset).values("pk"))
        return queryset


class HasWarningsFilter(YesNoFilter):
    title = "has parser warnings"
    parameter_name = "has_warnings"

    def selected(self, queryset):
        return cases_with_warnings(queryset)


class HasConflictsFilter(YesNoFilter):
    title = "has ingest conflicts"
    parameter_name = "has_conflicts"

    def selected(self, queryset):
        return queryset.filter(ingest_problems__kind=IngestProblem.Kind.CONFLICT).distinct()


class IsCorrectedFilter(YesNoFilter):
    title = "corrected by an editor"
    parameter_name = "corrected"

    def selected(self, queryset):
        return queryset.exclude(corrected_fields=[])


class DecisionYearFilter(admin.SimpleListFilter):
    """One choice per year that has decisions, newest first."""

    title = "decision year"
    parameter_name = "decision_year"
    # Items and citations reach the decision date through their case.
    field_path = "decision_date"

    def lookups(self, request, model_admin):
        years = model_admin.model.objects.dates(self.field_path, "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{f"{self.field_path}__year": int(self.value())})
        return queryset


class ItemDecisionYearFilter(DecisionYearFilter):
    field_path = "case__decision_date"
