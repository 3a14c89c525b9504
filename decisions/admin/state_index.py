"""Admin pages of the state's index rows (read by fetch_decisions): looked up, not edited."""

from django.contrib import admin

from decisions.admin.base import ViewOnlyAdmin
from decisions.models import StateIndexCase, StateIndexTreatment


class StateIndexTreatmentInline(admin.TabularInline):
    model = StateIndexTreatment
    fields = ["position", "category", "subcategory", "outcome", "item"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StateIndexCase)
class StateIndexCaseAdmin(ViewOnlyAdmin):
    list_display = ["case_number", "decision_date", "outcome", "specialty", "fetched_at"]
    list_filter = ["outcome"]
    search_fields = ["case_number", "specialty"]
    date_hierarchy = "decision_date"
    inlines = [StateIndexTreatmentInline]
