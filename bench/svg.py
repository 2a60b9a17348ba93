"""A small SVG line chart (no plotting library on the machine): panels side by side, x on a log2
scale (N = 2, 4, 8, 16), y linear from 0, one polyline per series, legend under each panel."""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass
class Series:
    label: str
    color: str
    points: list          # [(x, y)], x > 0
    dashed: bool = False


@dataclass
class Panel:
    title: str
    y_label: str
    series: list


PANEL_W, PANEL_H, LEFT, TOP, PLOT_W, PLOT_H = 460, 400, 60, 40, 370, 230


def chart(panels: list, x_label: str = "regions (N)") -> str:
    width = PANEL_W * len(panels)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{PANEL_H}" '
             f'viewBox="0 0 {width} {PANEL_H}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{PANEL_H}" fill="white"/>']
    for index, panel in enumerate(panels):
        parts.append(_panel(panel, index * PANEL_W, x_label))
    parts.append("</svg>")
    return "\n".join(parts)


def _panel(panel: Panel, x0: int, x_label: str) -> str:
    xs = sorted({p[0] for s in panel.series for p in s.points}) or [2, 4]
    y_max = _nice(max([p[1] for s in panel.series for p in s.points] + [1]))
    lo, hi = math.log2(min(xs)), math.log2(max(xs))
    span = (hi - lo) or 1

    def px(x):
        if hi == lo:  # one size only: in the middle
            return x0 + LEFT + PLOT_W / 2
        return x0 + LEFT + (math.log2(x) - lo) / span * PLOT_W

    def py(y):
        return TOP + PLOT_H - y / y_max * PLOT_H

    out = [f'<text x="{x0 + LEFT + PLOT_W / 2}" y="22" text-anchor="middle" font-size="14" '
           f'font-weight="bold">{escape(panel.title)}</text>',
           f'<rect x="{x0 + LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}" fill="none" '
           'stroke="#888"/>']
    for tick in range(5):
        value = y_max * tick / 4
        out.append(f'<line x1="{x0 + LEFT}" x2="{x0 + LEFT + PLOT_W}" y1="{py(value):.1f}" '
                   f'y2="{py(value):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x0 + LEFT - 6}" y="{py(value) + 4:.1f}" text-anchor="end">'
                   f'{value:g}</text>')
    for x in xs:
        out.append(f'<text x="{px(x):.1f}" y="{TOP + PLOT_H + 16}" text-anchor="middle">{x}</text>')
    out.append(f'<text x="{x0 + LEFT + PLOT_W / 2}" y="{TOP + PLOT_H + 34}" '
               f'text-anchor="middle">{escape(x_label)}</text>')
    out.append(f'<text transform="translate({x0 + 16},{TOP + PLOT_H / 2}) rotate(-90)" '
               f'text-anchor="middle">{escape(panel.y_label)}</text>')
    for number, series in enumerate(panel.series):
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in sorted(series.points))
        dash = ' stroke-dasharray="6,4"' if series.dashed else ""
        out.append(f'<polyline points="{points}" fill="none" stroke="{series.color}" '
                   f'stroke-width="2"{dash}/>')
        for x, y in series.points:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{series.color}"/>')
        ly = TOP + PLOT_H + 52 + (number // 2) * 16
        lx = x0 + LEFT + (number % 2) * 190
        out.append(f'<line x1="{lx}" x2="{lx + 22}" y1="{ly - 4}" y2="{ly - 4}" '
                   f'stroke="{series.color}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{lx + 28}" y="{ly}">{escape(series.label)}</text>')
    return "\n".join(out)


def _nice(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)
