"""Admin pages of the letters' contents: a case with its items, an item with its citations,
a citation with its pages and sections (Django has no nested inlines, so each level links on).
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.forms import Textarea
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime

from decisions.admin.base import ViewOnlyAdmin
from decisions.admin.corrections import citation_child_rows, mark_corrected
from decisions.admin.display import admin_link, bullet_list
from decisions.admin.editing import CorrectionsAdmin, LetterRowsInline
from decisions.admin.list_filters import (
    DecisionYearFilter,
    HasConflictsFilter,
    HasWarningsFilter,
    IsCorrectedFilter,
    ItemDecisionYearFilter,
)
from decisions.models import (
    Case,
    CitationPage,
    CitationSection,
    DisputedItem,
    GuidelineCitation,
    IngestProblem,
)

# Long texts in inline rows: a few lines each, the item page has the full box.
COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}
RECENT_CONFLICTS_SHOWN = 10


class DisputedItemInline(LetterRowsInline):
    """The rationale and the citations are on the item's own page."""

    model = DisputedItem
    fields = ["number", "description", "outcome", "category", "subcategory", "corrected"]
    readonly_fields = ["number", "corrected"]
    formfield_overrides = COMPACT_TEXT


@admin.register(Case)
class CaseAdmin(CorrectionsAdmin):
    list_display = [
        "__str__",
        "decision_date",
        "layout",
        "item_count",
        "warning_count",
        "corrected",
    ]
    list_filter = [
        DecisionYearFilter,
        "items__outcome",
        ("reviewer__specialties", admin.RelatedOnlyFieldListFilter),
        "items__citations__guideline",
        "layout",
        HasWarningsFilter,
        HasConflictsFilter,
        IsCorrectedFilter,
    ]
    search_fields = ["case_number", "items__description"]
    autocomplete_fields = ["reviewer"]
    readonly_fields = [
        "corrected",
        "ingest_conflicts",
        "index_disagreements",
        "layout",
        "warnings",
        "source_path",
        "source_sha256",
        "ingested_at",
        "updated_at",
    ]
    fieldsets = [
        ("Corrections", {"fields": ["corrected", "ingest_conflicts", "index_disagreements"]}),
        (
            "Letter",
            {
                "fields": [
                    "case_number",
                    ("date_assigned", "decision_date", "priority"),
                    ("injury_date", "ur_denial_date", "application_received"),
                    "reviewer",
                    ("patient_age", "patient_sex"),
                    "diagnoses",
                    "clinical_summary",
                ]
            },
        ),
        (
            "Source (read by the ingest)",
            {
                "fields": [
                    "layout",
                    "warnings",
                    "source_path",
                    "source_sha256",
                    ("ingested_at", "updated_at"),
                ]
            },
        ),
    ]
    inlines = [DisputedItemInline]

    def has_add_permission(self, request):
        return False  # cases come from letters

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items", distinct=True))

    def case_ids(self, queryset):
        return queryset.values("pk")

    @admin.display(description="items", ordering="item_count")
    def item_count(self, case):
        return case.item_count

    @admin.display(description="warnings")
    def warning_count(self, case):
        return len(case.parser_warnings)

    @admin.display(description="parser warnings")
    def warnings(self, case):
        return bullet_list(case.parser_warnings)

    @admin.display(description="ingest conflicts (letter differs from a correction)")
    def ingest_conflicts(self, case):
        conflicts = case.ingest_problems.filter(kind=IngestProblem.Kind.CONFLICT)
        lines = [
            f"{localtime(problem.created_at):%Y-%m-%d %H:%M}: {problem.reason}"
            for problem in conflicts[:RECENT_CONFLICTS_SHOWN]
        ]
        if not lines:
            return "-"
        query = urlencode({"case__id__exact": case.pk, "kind__exact": IngestProblem.Kind.CONFLICT})
        url = f"{reverse('admin:decisions_ingestproblem_changelist')}?{query}"
        return format_html('{}<a href="{}">All conflicts of this case</a>', bullet_list(lines), url)

    @admin.display(description="differs from the state's index")
    def index_disagreements(self, case):
        found = case.ingest_problems.filter(kind=IngestProblem.Kind.INDEX)
        return bullet_list([problem.reason for problem in found]) if found else "-"


class GuidelineCitationInline(LetterRowsInline):
    """Pages and sections are edited on the citation's own page."""

    model = GuidelineCitation
    fields = [
        "position",
        "cited_by",
        "guideline",
        "edition",
        "chapter",
        "text",
        "pages_and_sections",
        "corrected",
    ]
    readonly_fields = ["position", "pages_and_sections", "corrected"]
    formfield_overrides = COMPACT_TEXT

    @admin.display(description="pages; sections")
    def pages_and_sections(self, citation):
        rows = citation_child_rows(citation)
        pages = ", ".join(str(page) for page in rows["pages"])
        return f"{pages or '-'}; {', '.join(rows['sections']) or '-'}"


@admin.register(DisputedItem)
class DisputedItemAdmin(CorrectionsAdmin):
    list_display = ["case", "number", "short_description", "outcome", "category", "corrected"]
    list_filter = [
        "outcome",
        ("case__reviewer__specialties", admin.RelatedOnlyFieldListFilter),
        "citations__guideline",
        ItemDecisionYearFilter,
        "case__layout",
        IsCorrectedFilter,
        "category",
    ]
    list_select_related = ["case"]
    search_fields = ["case__case_number", "description"]
    readonly_fields = ["case_link", "number", "corrected"]
    fields = [
        "corrected",
        ("case_link", "number", "outcome"),
        "description",
        "original_request",
        "authorized_portion",
        "rationale",
        ("category", "subcategory"),
    ]
    inlines = [GuidelineCitationInline]

    def has_add_permission(self, request):
        return False

    def case_ids(self, queryset):
        return queryset.values("case_id")

    @admin.display(description="case")
    def case_link(self, item):
        return admin_link(item.case)

    @admin.display(description="description")
    def short_description(self, item):
        return item.description[:100]


class CitationPageInline(admin.TabularInline):
    model = CitationPage
    extra = 1


class CitationSectionInline(admin.TabularInline):
    model = CitationSection
    extra = 1


@admin.register(GuidelineCitation)
class GuidelineCitationAdmin(CorrectionsAdmin):
    list_display = ["item", "position", "cited_by", "guideline", "edition", "chapter", "corrected"]
    list_filter = ["cited_by", "guideline", IsCorrectedFilter]
    list_select_related = ["item__case", "guideline"]
    search_fields = ["item__case__case_number", "text", "chapter"]
    readonly_fields = ["item_link", "position", "corrected"]
    fields = [
        "corrected",
        ("item_link", "position"),
        ("cited_by", "guideline"),
        ("edition", "chapter"),
        "text",
    ]
    inlines = [CitationPageInline, CitationSectionInline]

    def has_add_permission(self, request):
        return False

    def case_ids(self, queryset):
        return queryset.values("item__case_id")

    @admin.display(description="item")
    def item_link(self, citation):
        return admin_link(citation.item)

    def save_model(self, request, obj, form, change):
        # Saved in save_related once the page and section rows are saved, so that a single
        # history row holds the whole correction, its change reason naming the rows changed.
        pass

    def save_related(self, request, form, formsets, change):
        citation = form.instance
        before = citation_child_rows(citation)
        super().save_related(request, form, formsets, change)
        after = citation_child_rows(citation)
        changed = [name for name in before if before[name] != after[name]]
        mark_corrected(citation, changed)
        if changed:
            citation._change_reason = "; ".join(
                f"{name}: {before[name]} -> {after[name]}" for name in changed
            )
        super().save_model(request, citation, form, change)


@admin.register(CitationPage)
class CitationPageAdmin(ViewOnlyAdmin):
    """Edited on the citation's page, which marks them as corrected."""

    list_display = ["page", "citation"]
    list_select_related = ["citation"]
    search_fields = ["=page"]


@admin.register(CitationSection)
class CitationSectionAdmin(ViewOnlyAdmin):
    """Edited on the citation's page, which marks them as corrected."""

    list_display = ["name", "citation"]
    list_select_related = ["citation"]
    search_fields = ["name"]
