"""Start-up checks of the production settings that Django's own checks do not make."""

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def static_manifest_problem() -> str | None:
    """Why pages would fail for want of `collectstatic`'s manifest, or None.

    With DEBUG off every page names its static files through the manifest; without it
    each page is a 500. Better to refuse to start than to serve errors.
    """
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return None
    if staticfiles_storage.exists(staticfiles_storage.manifest_name):
        return None
    manifest = staticfiles_storage.path(staticfiles_storage.manifest_name)
    return (
        f"{manifest} is missing: run `python manage.py collectstatic --noinput` before "
        "serving with DEBUG off"
    )


def require_static_manifest() -> None:
    """Called by the WSGI entry point: the server stops at start-up with the reason."""
    problem = static_manifest_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs=None, **kwargs):
    problem = static_manifest_problem()
    return [checks.Error(problem, id="imrsite.E001")] if problem else []
