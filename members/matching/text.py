"""Japanese text for search: one normalisation (NFKC, case-folded), character tokens and highlighted snippets.

Japanese has no spaces between words, so the index holds every character bigram of each run of letters and
digits (and every single character, for one-character queries). A query word matches when its bigrams occur
next to each other, i.e. when it occurs anywhere inside the text: "金型" finds "精密金型加工".
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40
_RUN = re.compile(r"\w+")  # letters and digits of every script (kanji, kana, Latin, full-width after NFKC)
_SPLIT = re.compile(r"_+")  # "\w" includes "_", which is punctuation here


def normalize(text: str) -> str:
    """NFKC and case-folded: ｷｶｲ → キカイ, ＡＩ → ai, ① → 1."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def runs(text: str) -> list[str]:
    """The runs of letters and digits of a normalised text."""
    return [part for run in _RUN.findall(text) for part in _SPLIT.split(run) if part]


def _hex(char: str) -> str:
    return f"{ord(char):06x}"


def bigram_token(pair: str) -> str:
    return "x" + _hex(pair[0]) + _hex(pair[1])


def unigram_token(char: str) -> str:
    return "u" + _hex(char)


def document_tokens(text: str) -> str:
    """The index terms of a text as space-separated ASCII words, which PostgreSQL's parser keeps intact.

    The bigrams of each run come in text order (so a word's bigrams stand at neighbouring positions and a
    phrase query can require that); the single characters follow all of them.
    """
    parts = runs(normalize(text))
    bigrams = [bigram_token(run[i:i + 2]) for run in parts for i in range(len(run) - 1)]
    unigrams = sorted({unigram_token(char) for run in parts for char in run})
    return " ".join(bigrams + unigrams)


def search_text(*fields: str) -> str:
    """The normalised runs of the fields, for engines that match substrings (SQLite)."""
    return "\n".join(" ".join(runs(normalize(field))) for field in fields if field)


@dataclass(frozen=True)
class Query:
    """A parsed search: every term must occur (AND). Terms are normalised runs of the typed words."""

    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def tsquery(self) -> str:
        """The PostgreSQL tsquery: each term a phrase of its bigrams, or its single character."""
        phrases = []
        for term in self.terms:
            if len(term) == 1:
                phrases.append(unigram_token(term))
            else:
                phrases.append("(" + " <-> ".join(bigram_token(term[i:i + 2]) for i in range(len(term) - 1)) + ")")
        return " & ".join(phrases)


def parse_query(raw: str) -> Query:
    terms: list[str] = []
    for word in normalize(raw).split()[:MAX_QUERY_WORDS]:
        for run in runs(word[:MAX_WORD_LENGTH]):
            if run not in terms:
                terms.append(run)
    return Query(tuple(terms))


def _units(text: str) -> list[tuple[int, int, str]]:
    """The text cut into characters with their combining marks, each with its normalised form."""
    units, start = [], 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not (unicodedata.combining(text[index]) or text[index] in "\uff9e\uff9f"):
            units.append((start, index, normalize(text[start:index])))
            start = index
    return units


def highlight(text: str, query: Query, *, width: int = 120) -> SafeString:
    """An HTML-escaped excerpt of `text` around the first match, each match wrapped in <mark>.

    Matching runs on the normalised text, and every match is mapped back to the characters as written, so
    "ｷｶｲ" typed in a query highlights "キカイ" in the body and the other way round.
    """
    text = " ".join((text or "").split())
    units = _units(text)
    normalised, owner = [], []
    for position, (_start, _end, form) in enumerate(units):
        normalised.append(form)
        owner.extend([position] * len(form))
    flat = "".join(normalised)
    marked = [False] * len(units)
    for term in query.terms:
        found = flat.find(term)
        while found != -1:
            for position in owner[found:found + len(term)]:
                marked[position] = True
            found = flat.find(term, found + len(term))
    first = marked.index(True) if True in marked else 0
    start = max(0, first - width // 3)
    end = min(len(units), start + width)
    pieces = ["…"] if start > 0 else []
    for position in range(start, end):
        begin, finish, _form = units[position]
        piece = escape(text[begin:finish])
        opens = marked[position] and (position == start or not marked[position - 1])
        closes = marked[position] and (position == end - 1 or not marked[position + 1])
        pieces.append(("<mark>" if opens else "") + piece + ("</mark>" if closes else ""))
    if end < len(units):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of the text is escaped above


def tidy(value: str) -> str:
    """Text typed by a person, as stored: NFKC, one kind of line break, trimmed (UI guide)."""
    return unicodedata.normalize("NFKC", value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
