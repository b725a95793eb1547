"""Japanese full-text search over needs and companies, index-backed on PostgreSQL.

Writing: `index_row` stores, for one row, the normalised text (`search_text`) and, on PostgreSQL, a tsvector
of character tokens (`search_vector`, see members.matching.text) with weights per field (A: title or name,
B: the main text, C: the rest). The vector is built in Python, so no database dictionary or extension is
needed, and a GIN index serves it.

Reading: `search` filters a queryset to the rows containing every query term and annotates `rank`.
- PostgreSQL: `search_vector @@ to_tsquery(...)`, each term a phrase of its bigrams, answered by the GIN
  index; `ts_rank` with the field weights orders the results.
- SQLite (development, the demo): substring matches on `search_text`; the rank favours matches near the
  start (the title comes first). It scans the table, which is fine at demo sizes.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import ExpressionWrapper, F, FloatField, QuerySet, Value
from django.db.models.functions import StrIndex

from .text import Query, document_tokens, search_text

# ts_rank weights in the order D, C, B, A.
RANK_WEIGHTS = [0.1, 0.3, 0.6, 1.0]


def uses_token_index() -> bool:
    return connection.vendor == "postgresql"


def index_row(model, pk: int, *, title: str, main: str = "", rest: str = "", **extra) -> None:
    """Rewrite the search columns of one row from its texts (called by the services after every change);
    `extra` columns derived from the same texts are written in the same statement."""
    values = {"search_text": search_text(title, main, rest), **extra}
    if uses_token_index():
        vector = None
        for weight, text in (("A", title), ("B", main), ("C", rest)):
            part = SearchVector(Value(document_tokens(text)), config="simple", weight=weight)
            vector = part if vector is None else vector + part
        values["search_vector"] = vector
    model.objects.unscoped("search columns of a row its service just wrote").filter(pk=pk).update(**values)


def search(queryset: QuerySet, query: Query) -> QuerySet:
    """The rows containing every term of `query`, annotated with `rank` (higher is more relevant)."""
    if not query:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if uses_token_index():
        tsquery = SearchQuery(query.tsquery(), search_type="raw", config="simple")
        return queryset.filter(search_vector=tsquery).annotate(
            rank=SearchRank(F("search_vector"), tsquery, weights=RANK_WEIGHTS))
    score = None
    for term in query.terms:
        queryset = queryset.filter(search_text__contains=term)
        closeness = ExpressionWrapper(Value(1.0) / (StrIndex("search_text", Value(term)) + Value(1.0)),
                                      output_field=FloatField())
        score = closeness if score is None else score + closeness
    return queryset.annotate(rank=score)
