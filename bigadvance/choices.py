"""`get_FOO_display()` in constant time, for models whose choice lists are long.

Django's own builds a dict of every choice on each call and hashes each label; a lazily translated label is
translated to be hashed. An industry (about a hundred JSIC divisions, members/matching/industries.py) thus
cost a hundred translations per call: 0.3 ms, and a list of fifty companies 15 ms. Here the labels of a
field are collected once per process, still lazy, and only the one shown is translated.
"""

import functools

from django.db import models
from django.utils.encoding import force_str


@functools.cache
def _labels(field: models.Field) -> dict:
    return dict(field.flatchoices)


class FastChoiceDisplay:
    """Model mixin: `get_FOO_display()` looks the value up instead of scanning the choices."""

    def _get_FIELD_display(self, field: models.Field):
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # an unhashable value (a JSON choice): Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
