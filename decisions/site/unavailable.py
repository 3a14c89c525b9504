"""A database that cannot be reached: visitors get a plain 503 page, never a traceback.

Django reconnects on its own once the server is back (CONN_HEALTH_CHECKS checks a kept
connection before each request), so nothing here needs resetting.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable for %s: %s", request.path, exception)
        # The page uses no database (no user, no session): it renders while the server is down.
        return HttpResponse(
            render_to_string("503.html"),
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
