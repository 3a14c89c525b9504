"""Admin pages of the reference tables the ingest fills: reviewers, specialties, guidelines.

A reviewer's specialties and licences are rows of their own, shown on the reviewer's page.
"""

from django.contrib import admin
from django.db import transaction
from django.db.models import Count

from decisions.admin.base import ViewOnlyAdmin
from decisions.admin.editing import CountsFollowEdits
from decisions.edition import archive_changed
from decisions.models import (
    Case,
    Guideline,
    Reviewer,
    ReviewerLicense,
    ReviewerSpecialty,
    Specialty,
    Tally,
)


class ReviewerSpecialtyInline(admin.TabularInline):
    model = ReviewerSpecialty
    extra = 0


class ReviewerLicenseInline(admin.TabularInline):
    model = ReviewerLicense
    extra = 0


@admin.register(Reviewer)
class ReviewerAdmin(CountsFollowEdits, admin.ModelAdmin):
    list_display = ["__str__", "title", "case_count", "created_at"]
    list_filter = ["title", "specialties", "licenses__state"]
    search_fields = ["title", "specialties__name", "profile_key"]
    readonly_fields = ["profile_key", "created_at"]
    inlines = [ReviewerSpecialtyInline, ReviewerLicenseInline]
    # Explicit: the case count's GROUP BY drops the model's default ordering, and the
    # reviewer picker (autocomplete) pages this queryset.
    ordering = ["id"]

    def get_queryset(self, request):
        reviewers = super().get_queryset(request).annotate(case_count=Count("cases"))
        return reviewers.prefetch_related("specialty_links__specialty")

    @admin.display(description="cases", ordering="case_count")
    def case_count(self, reviewer):
        return reviewer.case_count

    def case_ids(self, queryset):
        return Case.objects.filter(reviewer__in=queryset.values("pk")).values("pk")


@admin.register(Specialty)
class SpecialtyAdmin(CountsFollowEdits, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]

    def case_ids(self, queryset):
        """A new name is counted in every case of every reviewer who holds it."""
        holders = ReviewerSpecialty.objects.filter(specialty__in=queryset.values("pk"))
        return Case.objects.filter(reviewer__in=holders.values("reviewer")).values("pk")


@admin.register(Guideline)
class GuidelineAdmin(admin.ModelAdmin):
    """A guideline's name is printed on the pages: a change starts a new edition of the
    archive (decisions/edition.py), so no page kept under the old one is served again."""

    list_display = ["id", "name"]
    search_fields = ["id", "name"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            archive_changed()

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            archive_changed()


@admin.register(Tally)
class TallyAdmin(ViewOnlyAdmin):
    """The counts the pages read (decisions/summaries.py): to look at, never to change."""

    list_display = ["grouping", "outcome", "year", "category", "specialty", "state", "count"]
    list_filter = ["grouping", "outcome", "year"]
    search_fields = ["category", "specialty", "state", "guideline", "section"]
    ordering = ["grouping", "id"]
