"""The search column and its index, usable on both supported databases.

On PostgreSQL the column is a tsvector under a GIN index; on SQLite (development and the demo) it stays
empty, search matches the normalised text instead, and the index is an ordinary one over an empty column.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db.models import Index


class TokenVectorField(SearchVectorField):
    """A tsvector of character tokens (see members.matching.text), written only by the search indexer."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


class TokenVectorIndex(GinIndex):
    """A GIN index on PostgreSQL; an ordinary index elsewhere, where the column stays empty."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return Index.create_sql(self, model, schema_editor, **kwargs)
