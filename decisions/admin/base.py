"""Base classes of the admin pages."""

from django.contrib import admin


class ViewOnlyAdmin(admin.ModelAdmin):
    """A list to look things up in; the objects are changed elsewhere."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
