"""Validators for the company profile."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


def corporate_number_check_digit(base: str) -> int:
    """The leading check digit of a 法人番号 for its other 12 digits (国税庁's rule: weights 1 and 2 from the
    right, 9 minus the sum modulo 9)."""
    total = sum(int(digit) * (1 if position % 2 else 2)
                for position, digit in enumerate(reversed(base), start=1))
    return 9 - total % 9


def validate_corporate_number(value: str) -> None:
    if not (len(value) == 13 and value.isascii() and value.isdigit()):
        raise ValidationError(_("法人番号は13桁の数字で入力してください。"), code="format")
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(_("法人番号が正しくありません（チェックディジットが一致しません）。"), code="check_digit")


homepage_slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$",
    _("ホームページのアドレスは英小文字・数字・ハイフンの3〜40文字で、英数字で始めて終えてください。"),
)

RESERVED_SLUGS = frozenset({"admin", "api", "static", "media", "portal", "console", "desk", "operations", "www"})


def validate_homepage_slug(value: str) -> None:
    homepage_slug_validator(value)
    if value in RESERVED_SLUGS:
        raise ValidationError(_("このアドレスは使えません。別のアドレスを指定してください。"), code="reserved")
