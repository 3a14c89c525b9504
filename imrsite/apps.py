from django.apps import AppConfig


class SiteChecksConfig(AppConfig):
    """The project package as an app, only so that its start-up checks are registered."""

    name = "imrsite"
    label = "imrsite"
    verbose_name = "IMR site settings"

    def ready(self):
        from imrsite import checks  # noqa: F401 (registers the checks)
