"""The query vocabulary the views share: filtering, facets, rates, search."""

from django.db import models


class CaseQuerySet(models.QuerySet):
    pass


class DisputedItemQuerySet(models.QuerySet):
    def with_case(self):
        return self.select_related("case", "case__reviewer")
