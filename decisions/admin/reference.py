"""Admin pages of the reference tables the ingest fills: reviewers, specialties, guidelines."""

from django.contrib import admin
from django.db.models import Count

from ..models import Guideline, Reviewer, ReviewerLicense, ReviewerSpecialty, Specialty
from .display import admin_link


class ReviewerSpecialtyInline(admin.TabularInline):
    model = ReviewerSpecialty
    extra = 0


class ReviewerLicenseInline(admin.TabularInline):
    model = ReviewerLicense
    extra = 0


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "case_count", "created_at"]
    list_filter = ["title", "specialties", "licenses__state"]
    search_fields = ["title", "specialties__name", "profile_key"]
    readonly_fields = ["profile_key", "created_at"]
    inlines = [ReviewerSpecialtyInline, ReviewerLicenseInline]

    def get_queryset(self, request):
        reviewers = super().get_queryset(request).annotate(case_count=Count("cases"))
        return reviewers.prefetch_related("specialty_links__specialty")

    @admin.display(description="cases", ordering="case_count")
    def case_count(self, reviewer):
        return reviewer.case_count


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(ReviewerSpecialty)
class ReviewerSpecialtyAdmin(admin.ModelAdmin):
    list_display = ["reviewer_link", "specialty", "position"]
    list_filter = ["specialty"]
    list_select_related = ["specialty", "reviewer"]

    @admin.display(description="reviewer")
    def reviewer_link(self, link):
        return admin_link(link.reviewer, f"Reviewer #{link.reviewer_id}")


@admin.register(ReviewerLicense)
class ReviewerLicenseAdmin(admin.ModelAdmin):
    list_display = ["reviewer_link", "state", "position"]
    list_filter = ["state"]
    list_select_related = ["reviewer"]

    @admin.display(description="reviewer")
    def reviewer_link(self, link):
        return admin_link(link.reviewer, f"Reviewer #{link.reviewer_id}")


@admin.register(Guideline)
class GuidelineAdmin(admin.ModelAdmin):
    list_display = ["id", "name"]
    search_fields = ["id", "name"]
