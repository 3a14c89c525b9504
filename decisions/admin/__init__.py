"""The Django admin: one module per group of pages. Importing them registers the pages."""

from django.contrib import admin

from decisions.admin import alerts, cases, reference, review, state_index  # noqa: F401

admin.site.site_header = "IMR decision archive"
admin.site.site_title = "IMR archive admin"
admin.site.index_title = "Correct letters, review the ingest"
