from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("", views.home, name="home"),
    path("items/", views.items, name="items"),
    path("guidelines/", views.guidelines, name="guidelines"),
    path("stats/", views.stats, name="stats"),
    path("cases/id/<int:pk>/", views.case_by_id, name="case-by-id"),
    path("cases/id/<int:pk>/source/", views.case_source, name="case-source"),
    path("cases/<str:case_number>/", views.case_detail, name="case"),
]
