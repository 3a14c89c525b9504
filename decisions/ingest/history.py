"""Creation history rows written by the database itself, in one INSERT ... SELECT.

simple-history's bulk_history_create builds a Python object per history row; for the
thousands of rows a nightly run creates, that was a third of the ingest's time. The rows
are the same: a copy of each new row, history_type "+", the change reason, no user.
"""

from django.db import connection
from django.utils import timezone


def record_created(model, pks: list, reason: str) -> None:
    """Add the "+" history row of each just-created `model` row whose primary key is given."""
    if not pks:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    history_table = quote(model.history.model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(pks))
    sql = (
        f"INSERT INTO {history_table} ({columns}, history_date, history_change_reason, "
        f"history_type, history_user_id) "
        f"SELECT {columns}, %s, %s, '+', NULL FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} IN ({placeholders})"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, reason, *pks])
