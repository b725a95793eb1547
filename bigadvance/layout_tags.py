"""`{% layout_part "template" value ... %}`: a part of the page layout rendered once per process.

The head's static links, the language menu and the main menu are the same on every page for everyone who
shares the values the part names (the language, the menu's audiences): rendering them costs translations,
URL reversals and manifest look-ups on every request for the same text. A part is rendered the first time
a process needs it for those values and kept in the page state (bigadvance/page_state.py) after that.
What belongs to the request (the user, the CSRF token, the path) stays in the layout around the parts.

With LAYOUT_PARTS_KEPT off (local development: template edits show without a restart) every part is
rendered on every request, as an include would be.
"""

import math

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from .page_state import page_state

register = template.Library()


class LayoutPartNode(template.Node):
    child_nodelists = ()  # the part's own nodes are not the page's: block look-ups do not walk them

    def __init__(self, template_name: str, values: list) -> None:
        self.template_name = template_name
        self.values = values

    def render(self, context) -> SafeString:
        if not settings.LAYOUT_PARTS_KEPT:
            return self._render(context)
        key = ":".join(["layout", self.template_name, *(str(value.resolve(context)) for value in self.values)])
        return page_state.get(key, lambda: self._render(context), ttl=math.inf)

    def _render(self, context) -> SafeString:
        part = context.template.engine.get_template(self.template_name)
        with context.push():  # what the part sets stays in the part
            return mark_safe(part.render(context))


@register.tag
def layout_part(parser, token) -> LayoutPartNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("layout_part takes a quoted template name and the values it depends on")
    return LayoutPartNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
