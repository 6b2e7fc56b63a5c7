"""A scaling question's chart: each person's line over time, drawn on the server as SVG by pygal.

pygal draws the lines; this module makes the drawing accessible: the SVG is one image
(role="img") with a title and a description that say every score, no script, and each person's
line has its own dash pattern and marker shape as well as its colour, so that nobody needs to tell
colours apart. The page puts the same numbers in a table beside it (docs/decisions/0403).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pygal
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from kinmap.mapping.selectors import ScalingTable

# GOV.UK colours with at least 3:1 contrast against white, as graphics need (WCAG 1.4.11).
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#0b0c0c", "#912b88", "#6f5c00")
DASHES = ("", "10,5", "3,4", "12,4,3,4", "6,6", "1,6", "18,6")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down", "hollow-square")
MARKER_SIZE = 7.0
# A marker's outline stays solid: the dash pattern is for the person's line.
SOLID = 'stroke-dasharray="none"'

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=COLOURS,
    font_family="arial, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    title_font_size=16,
    stroke_width=3,
    opacity="1",
    opacity_hover="1",
)


@dataclass(frozen=True)
class LegendItem:
    name: str
    role: str
    colour: str
    dash: str
    marker: str

    def swatch(self) -> SafeString:
        """A small picture of the person's line and marker for the legend (hidden from screen readers:
        the name beside it says who it is)."""
        shape = _marker_svg(self.marker, 20.0, 8.0, 5.0, self.colour)
        return format_html(
            '<svg class="kinmap-chart-swatch" width="40" height="16" viewBox="0 0 40 16" aria-hidden="true" '
            'focusable="false"><line x1="0" y1="8" x2="40" y2="8" stroke="{}" stroke-width="3"{}/>{}</svg>',
            self.colour,
            mark_safe(f' stroke-dasharray="{self.dash}"') if self.dash else "",
            mark_safe(shape),
        )


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    legend: list[LegendItem]


def _marker_points(marker: str, x: float, y: float, s: float) -> list[tuple[float, float]]:
    return {
        "square": [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)],
        "hollow-square": [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)],
        "triangle": [(x, y - s * 1.2), (x + s * 1.1, y + s * 0.9), (x - s * 1.1, y + s * 0.9)],
        "triangle-down": [(x, y + s * 1.2), (x + s * 1.1, y - s * 0.9), (x - s * 1.1, y - s * 0.9)],
        "diamond": [(x, y - s * 1.3), (x + s * 1.3, y), (x, y + s * 1.3), (x - s * 1.3, y)],
        "cross": [
            (x - s, y - s / 3),
            (x - s / 3, y - s / 3),
            (x - s / 3, y - s),
            (x + s / 3, y - s),
            (x + s / 3, y - s / 3),
            (x + s, y - s / 3),
            (x + s, y + s / 3),
            (x + s / 3, y + s / 3),
            (x + s / 3, y + s),
            (x - s / 3, y + s),
            (x - s / 3, y + s / 3),
            (x - s, y + s / 3),
        ],
    }[marker]


def _marker_svg(marker: str, x: float, y: float, s: float, colour: str) -> str:
    fill = "#ffffff" if marker.startswith("hollow") else colour
    if marker == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="{colour}" stroke="{colour}" {SOLID}/>'
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in _marker_points(marker, x, y, s))
    return f'<polygon points="{points}" fill="{fill}" stroke="{colour}" stroke-width="2" {SOLID}/>'


def _describe(table: ScalingTable) -> str:
    if not table.series:
        return "No scores yet."
    people = []
    for line in table.series:
        scores = ", ".join(f"{score} on {day:%-d %B %Y}" for day, score in line.points)
        people.append(f"{line.name} ({line.role}): {scores}.")
    return (
        f"Scores from 0 to 10 by {len(table.series)} "
        f"{'person' if len(table.series) == 1 else 'people'}, one line each. " + " ".join(people)
    )


def scaling_chart(*, table: ScalingTable, title: str, chart_id: str) -> Chart:
    """The chart of a question's scores: `title` names it for screen readers, `chart_id` makes ids unique."""
    legend = [
        LegendItem(
            name=line.name,
            role=line.role,
            colour=COLOURS[n % len(COLOURS)],
            dash=DASHES[n % len(DASHES)],
            marker=MARKERS[n % len(MARKERS)],
        )
        for n, line in enumerate(table.series)
    ]
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        style=STYLE,
        range=(0, 10),
        y_labels=list(range(11)),
        include_x_axis=True,
        width=800,
        height=400,
        margin=20,
        margin_right=60,  # room for half of the last date's label, centred on the last point
        show_y_guides=True,
        truncate_label=-1,
        x_label_rotation=0 if len(table.dates) <= 6 else 30,
        y_title="Score",
        no_data_text="No scores yet",
    )
    chart.x_labels = [f"{d:%-d %b %Y}" for d in table.dates]
    for item, (line, values) in zip(legend, table.rows(), strict=True):
        chart.add(
            line.name,
            values,
            stroke_style={"width": 3, "dasharray": item.dash} if item.dash else {"width": 3},
        )
    root = chart.render_tree()
    _make_accessible(root, title=title, description=_describe(table), chart_id=chart_id)
    _draw_markers(root, legend)
    return Chart(svg=mark_safe(ET.tostring(root, encoding="unicode")), legend=legend)


def _make_accessible(root: ET.Element, *, title: str, description: str, chart_id: str) -> None:
    for parent in root.iter():
        for child in list(parent):
            # pygal's credits comments and its tooltip script: the chart is a still picture.
            if not isinstance(child.tag, str) or child.tag == "script":
                parent.remove(child)
    pygal_id = root.get("id", "")
    root.set("id", chart_id)
    root.set("role", "img")
    root.set("focusable", "false")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("aria-describedby", f"{chart_id}-desc")
    root.set("class", "pygal-chart kinmap-chart")
    # pygal's CSS is scoped to its own generated id; keep it working under ours.
    for style in root.iter("style"):
        style.text = (style.text or "").replace(f"#{pygal_id}", f"#{chart_id}")
    svg_title = root.find("title")
    if svg_title is None:
        svg_title = ET.SubElement(root, "title")
    svg_title.text = title
    svg_title.set("id", f"{chart_id}-title")
    desc = ET.Element("desc", {"id": f"{chart_id}-desc"})
    desc.text = description
    root.insert(list(root).index(svg_title) + 1, desc)


def _draw_markers(root: ET.Element, legend: list[LegendItem]) -> None:
    """Replace pygal's round dots with each person's marker shape."""
    for overlay in root.iter("g"):
        if overlay.get("class") != "plot overlay":
            continue
        for n, series in enumerate(g for g in overlay if "series" in (g.get("class") or "")):
            item = legend[n]
            for dots in list(series):
                circle = dots.find("circle")
                series.remove(dots)
                if circle is None:
                    continue
                x, y = float(circle.get("cx", 0)), float(circle.get("cy", 0))
                series.append(ET.fromstring(_marker_svg(item.marker, x, y, MARKER_SIZE, item.colour)))
