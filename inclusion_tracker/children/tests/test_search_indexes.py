"""The name search's trigram indexes exist on PostgreSQL (migration 0005)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL only")
def test_each_name_column_has_a_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'children_child' "
            "AND indexdef LIKE '%gin_trgm_ops%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "child_legal_first_name_trgm",
        "child_legal_last_name_trgm",
        "child_preferred_first_name_trgm",
        "child_preferred_last_name_trgm",
    }
