from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Sign in and out, and password reset by email (templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("decisions.site.urls")),
]
