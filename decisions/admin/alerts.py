"""Admin pages of the analysts' saved searches and what their digests sent.

Analysts manage their own searches on the site (/searches/); here staff can look them up,
stop a digest, or see which items a digest sent.
"""

from django.contrib import admin
from django.db.models import Count

from decisions.admin.base import ViewOnlyAdmin
from decisions.models import SavedSearch, SentAlert


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "digest", "query", "sent_count", "last_sent_at"]
    list_filter = ["digest"]
    search_fields = ["name", "owner__username", "query"]
    list_select_related = ["owner"]
    fields = ["owner", "name", "query", "digest", "created_at", "covered_until", "last_sent_at"]
    readonly_fields = ["owner", "query", "created_at", "covered_until", "last_sent_at"]

    def has_add_permission(self, request):
        return False  # saved from a filtered item page

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sent_count=Count("sent_alerts"))

    @admin.display(description="items sent", ordering="sent_count")
    def sent_count(self, obj):
        return obj.sent_count


@admin.register(SentAlert)
class SentAlertAdmin(ViewOnlyAdmin):
    list_display = ["saved_search", "item", "sent_at"]
    list_select_related = ["saved_search", "item__case"]
    search_fields = ["saved_search__name", "item__case__case_number"]
    date_hierarchy = "sent_at"
