"""Small server-rendered SVG bar charts for the console home.

Why not pygal: its SVG carries an inline <style> element and <script> tags (tooltips), which the site's CSP
(no inline script, style-src 'self') blocks when inlined. These charts use presentation attributes only, so
they inline under the CSP with no JS; every chart is paired in the template with a <table> for screen readers.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#1f6feb"
AXIS_COLOUR = "#6e7781"
TEXT_COLOUR = "#24292f"


@dataclass
class Chart:
    title: str
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(value for _label, value in self.rows)


def _text(x: float, y: float, text: str, *, anchor: str = "middle", size: int = 11) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{TEXT_COLOUR}">{escape(text)}</text>')


def columns_svg(chart: Chart, *, width: int = 640, height: int = 220, label_every: int = 1) -> SafeString:
    """Vertical bars (e.g. logins per day); `label_every` thins the x labels of long series."""
    top, bottom, left, right = 24, 36, 40, 8
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([value for _label, value in chart.rows] + [1])
    step = plot_w / max(len(chart.rows), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'class="chart" aria-label="{escape(chart.title)}"><title>{escape(chart.title)}</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
             f'stroke="{AXIS_COLOUR}"/>',
             _text(left - 4, top + 4, str(peak), anchor="end"), _text(left - 4, top + plot_h, "0", anchor="end")]
    for index, (label, value) in enumerate(chart.rows):
        bar_h = plot_h * value / peak
        x = left + index * step
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{top + plot_h - bar_h:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{bar_h:.1f}" fill="{BAR_COLOUR}"><title>{escape(label)}: {value}</title></rect>')
        if index % label_every == 0:
            parts.append(_text(x + step / 2, top + plot_h + 16, label, size=10))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text part above went through escape()


def bars_svg(chart: Chart, *, width: int = 640, row_height: int = 34) -> SafeString:
    """Horizontal bars with the value at their end (e.g. the funnel, deals by stage)."""
    label_w, right, top = 170, 60, 8
    height = top * 2 + row_height * max(len(chart.rows), 1)
    peak = max([value for _label, value in chart.rows] + [1])
    plot_w = width - label_w - right
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'class="chart" aria-label="{escape(chart.title)}"><title>{escape(chart.title)}</title>']
    for index, (label, value) in enumerate(chart.rows):
        y = top + index * row_height
        bar_w = plot_w * value / peak
        parts.append(_text(label_w - 8, y + row_height * 0.62, label, anchor="end", size=12))
        parts.append(f'<rect x="{label_w}" y="{y + row_height * 0.15:.1f}" width="{bar_w:.1f}" '
                     f'height="{row_height * 0.7:.1f}" fill="{BAR_COLOUR}"/>')
        parts.append(_text(label_w + bar_w + 6, y + row_height * 0.62, f"{value:,}", anchor="start", size=12))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text part above went through escape()
