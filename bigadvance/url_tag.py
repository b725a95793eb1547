"""`{% url %}` that reverses each name and arguments once per process (a template builtin, see TEMPLATES).

Reversing walks the URL patterns and fills the path in: about 20 µs, paid again for every link of every
row of a list. While a process runs, the same name with the same arguments gives the same path (the URL
configuration, the script prefix and the language are part of the key), so each path is worked out once
and looked up after that. Only plain arguments (text, whole numbers) are remembered; anything else is
reversed as Django's own tag does, which this one otherwise is.
"""

import functools

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _reverse(view_name: str, args: tuple, kwargs: tuple, current_app: str | None, urlconf: str,
             script_prefix: str, language: str | None) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def _plain(value) -> bool:
    return isinstance(value, str) or type(value) is int  # not bool: True == 1 would share a key


def _current_app(context) -> str | None:
    """As Django's tag finds it."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context) -> str:
        view_name = self.view_name.resolve(context)
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((name, value.resolve(context)) for name, value in self.kwargs.items()))
        if not (isinstance(view_name, str) and all(map(_plain, args)) and all(_plain(v) for _, v in kwargs)):
            return super().render(context)
        url = ""
        try:
            url = _reverse(view_name, args, kwargs, _current_app(context), get_urlconf() or settings.ROOT_URLCONF,
                           get_script_prefix(), get_language())
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token) -> RememberedURLNode:
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
