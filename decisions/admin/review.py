"""What needs an editor's eye: letters the parser was unsure of, and the ingest runs' problems."""

from django.contrib import admin
from django.db.models import Count, Q

from decisions.admin.base import ViewOnlyAdmin
from decisions.admin.display import admin_link, bullet_list
from decisions.admin.list_filters import DecisionYearFilter, cases_with_warnings
from decisions.models import CaseNeedingReview, IngestProblem, IngestRun


@admin.register(CaseNeedingReview)
class CaseNeedingReviewAdmin(ViewOnlyAdmin):
    """Cases whose letters gave parser warnings; each links to the case's change page."""

    list_display = ["case", "decision_date", "layout", "warnings"]
    list_display_links = None
    list_filter = [DecisionYearFilter, "layout"]
    search_fields = ["case_number", "source_path"]

    def get_queryset(self, request):
        return cases_with_warnings(super().get_queryset(request))

    @admin.display(description="case", ordering="case_number")
    def case(self, case):
        return admin_link(case)

    @admin.display(description="parser warnings")
    def warnings(self, case):
        return bullet_list(case.parser_warnings)


class IngestProblemInline(admin.TabularInline):
    model = IngestProblem
    fields = ["kind", "path", "case_link", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="case")
    def case_link(self, problem):
        return admin_link(problem.case)


@admin.register(IngestRun)
class IngestRunAdmin(ViewOnlyAdmin):
    list_display = [
        "__str__",
        "finished_at",
        "dry_run",
        "created",
        "updated",
        "unchanged",
        "failed",
        "unknown_layout",
        "conflicts",
    ]
    list_filter = ["dry_run"]
    inlines = [IngestProblemInline]

    def get_queryset(self, request):
        conflicts = Count("problems", filter=Q(problems__kind=IngestProblem.Kind.CONFLICT))
        return super().get_queryset(request).annotate(conflict_count=conflicts)

    @admin.display(description="conflicts", ordering="conflict_count")
    def conflicts(self, run):
        return run.conflict_count


@admin.register(IngestProblem)
class IngestProblemAdmin(ViewOnlyAdmin):
    list_display = ["created_at", "kind", "path", "case_link", "short_reason", "run"]
    list_filter = ["kind", "run"]
    list_select_related = ["case", "run"]
    search_fields = ["path", "reason", "case__case_number"]

    @admin.display(description="case")
    def case_link(self, problem):
        return admin_link(problem.case)

    @admin.display(description="reason")
    def short_reason(self, problem):
        return problem.reason[:200]
