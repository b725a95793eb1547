"""English is complete: every Japanese UI string has an English translation, compiled into the .mo file."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
ENTRY = re.compile(r'^(#, .*\n)?(?:#\|.*\n)*msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.M)


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"(.*)"', block)).encode().decode("unicode_escape").encode("latin-1").decode()


def _entries() -> list[tuple[str, str, str]]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    return [(flags or "", _unquote(msgid), _unquote(msgstr)) for flags, msgid, msgstr in ENTRY.findall(text)]


def test_every_string_is_translated_and_none_is_fuzzy():
    entries = [e for e in _entries() if e[1]]
    assert len(entries) > 300
    assert [msgid for flags, msgid, msgstr in entries if not msgstr or "fuzzy" in flags] == []


def test_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    missing = [msgid for _, msgid, msgstr in _entries() if msgid and catalogue.gettext(msgid) != msgstr]
    assert missing == []


@pytest.mark.parametrize("placeholder", [r"%\(\w+\)[sd]"])
def test_placeholders_survive_translation(placeholder):
    for _, msgid, msgstr in _entries():
        assert sorted(re.findall(placeholder, msgid)) == sorted(re.findall(placeholder, msgstr)), msgid
