"""Rules for what people type into a company profile: kana readings and founding years."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FOUNDED_YEAR_MIN = 1600

_HIRAGANA = re.compile(r"[ぁ-ゖ]")
_SPACES = re.compile(r"\s+")

kana_validator = RegexValidator(
    r"^[ァ-ヺー・ ]*$",
    _("カナはカタカナで入力してください（英字・数字・漢字は使えません）。"),
    code="not_katakana",
)


def to_katakana(text: str) -> str:
    """NFKC (half-width kana and full-width spaces become standard), hiragana to katakana, spaces single."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _HIRAGANA.sub(lambda match: chr(ord(match.group()) + 0x60), text)
    return _SPACES.sub(" ", text).strip()


def validate_founded_year(year: int | None) -> None:
    """A founding year lies between FOUNDED_YEAR_MIN and this year."""
    if year is None:
        return
    this_year = timezone.localdate().year
    if not FOUNDED_YEAR_MIN <= year <= this_year:
        raise ValidationError(
            _("創業年は%(min)d年から%(max)d年までの西暦で入力してください。"),
            code="founded_year_range", params={"min": FOUNDED_YEAR_MIN, "max": this_year},
        )
