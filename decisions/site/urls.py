from django.urls import path, re_path

from decisions.site import views

app_name = "decisions"

urlpatterns = [
    path("", views.home, name="home"),
    path("items/", views.items, name="items"),
    path("items/feed/", views.items_feed, name="items-feed"),
    path("guidelines/", views.guidelines, name="guidelines"),
    path("stats/", views.stats, name="stats"),
    path("searches/", views.saved_searches, name="saved-searches"),
    path("searches/<int:pk>/", views.saved_search_edit, name="saved-search-edit"),
    path("searches/<int:pk>/delete/", views.saved_search_delete, name="saved-search-delete"),
    path("cases/id/<int:pk>/", views.case_by_id, name="case-by-id"),
    path("cases/id/<int:pk>/source/", views.case_source, name="case-source"),
    # Letters, digits and hyphens only: anything else is no case number (and PostgreSQL
    # refuses some characters, NUL among them, in a query).
    re_path(r"^cases/(?P<case_number>[A-Za-z0-9-]{1,20})/$", views.case_detail, name="case"),
]
