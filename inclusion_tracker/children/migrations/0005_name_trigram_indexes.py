"""Trigram indexes for the children name search, on PostgreSQL only.

`Child.objects.search()` matches each word anywhere in four name columns
(`icontains`, which PostgreSQL runs as UPPER(column) LIKE UPPER('%word%')).
A B-tree index cannot answer that; a GIN index of trigrams on the same
UPPER(...) expression can. SQLite (the demo) has no pg_trgm and does not need
it. Creating the extension needs a role allowed to (the database owner on
most managed PostgreSQL services, or ask the DBA to run
`CREATE EXTENSION pg_trgm` once); see docs/benchmarks.md.
"""

from django.db import migrations

COLUMNS = ("legal_first_name", "legal_last_name", "preferred_first_name", "preferred_last_name")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS child_{column}_trgm ON children_child "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS child_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("children", "0004_matching_indexes")]

    operations = [migrations.RunPython(create, drop)]
