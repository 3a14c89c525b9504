"""Read replicas: the public pages read from them, everything else uses the primary.

Settings name the replicas `replica_1`, `replica_2`, ... when DATABASE_REPLICA_URLS is set.
Only what `ReplicaReadsMiddleware` marks goes to a replica: GET and HEAD requests of the
public site. The admin, the ingest and every other command read from the primary, where
their own writes are, so replication lag never makes them miss what they just wrote.
"""

import random
from contextvars import ContextVar

from django.conf import settings

_reading_from_replicas = ContextVar("reading_from_replicas", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class ReplicaReadsMiddleware:
    """Lets the reads of a public GET or HEAD request go to a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public_read = request.method in ("GET", "HEAD") and not request.path.startswith("/admin/")
        token = _reading_from_replicas.set(public_read)
        try:
            response = self.get_response(request)
            if response.streaming:  # a CSV export reads while it is sent
                response.streaming_content = _reading(response.streaming_content, public_read)
            return response
        finally:
            _reading_from_replicas.reset(token)


def _reading(chunks, public_read: bool):
    token = _reading_from_replicas.set(public_read)
    try:
        yield from chunks
    finally:
        _reading_from_replicas.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if replicas and _reading_from_replicas.get():
            return random.choice(replicas)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
