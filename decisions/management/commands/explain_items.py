"""`manage.py explain_items "guideline=odg&outcome=overturned"`: the query plans of /items/."""

from django.core.management.base import BaseCommand, CommandError

from decisions.bench.query_plans import item_query_plans


class Command(BaseCommand):
    help = "Print EXPLAIN ANALYZE for the summary, rows and facets of /items/?QUERY."

    def add_arguments(self, parser):
        parser.add_argument("query", help="the query string of /items/, without '?'")

    def handle(self, *args, query, **options):
        try:
            plans = item_query_plans(query)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for label, plan in plans:
            self.stdout.write(f"-- {label}\n{plan}\n")
