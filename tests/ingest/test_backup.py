"""A backup as docs/operations.md gives it (pg_dump, pg_restore) restores every row."""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from decisions.models import Case, DisputedItem
from tests.builders import ingest_fixture_letters

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
    reason="pg_dump and pg_restore back up PostgreSQL",
)


def table_digests(dsn: str) -> dict[str, tuple[int, str]]:
    """Every table of the database: its row count and a digest of all its rows."""
    with psycopg.connect(dsn) as database:
        tables = [
            name
            for (name,) in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: database.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            ).fetchone()
            for table in tables
        }


def dsn(name: str) -> str:
    settings = connection.settings_dict
    return (
        f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} "
        f"user={settings['USER'] or 'postgres'} dbname={name}"
    )


def test_a_dump_restored_into_a_new_database_holds_every_row(transactional_db, tmp_path):
    ingest_fixture_letters()
    # An editor's correction: a corrected field and its history row.
    item = DisputedItem.objects.filter(outcome="upheld").first()
    item.outcome, item.corrected_fields = "overturned", ["outcome"]
    item._change_reason = "editor"
    item.save()
    source = connection.settings_dict["NAME"]
    restored = f"imr_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "imr.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", dsn(source)], check=True)
    with psycopg.connect(dsn("postgres"), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={dsn(restored)}", str(dump)],
            check=True,
        )
        kept, back = table_digests(dsn(source)), table_digests(dsn(restored))
        assert back == kept
        assert back["decisions_case"][0] == Case.objects.count() == 8
        assert back["decisions_historicaldisputeditem"][0] > DisputedItem.objects.count()
        with psycopg.connect(dsn(restored)) as database:
            corrected = database.execute(
                "SELECT outcome, corrected_fields FROM decisions_disputeditem WHERE id = %s",
                [item.pk],
            ).fetchone()
        assert corrected == ("overturned", ["outcome"])
    finally:
        with psycopg.connect(dsn("postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{restored}"')
