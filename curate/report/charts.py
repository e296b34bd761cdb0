"""Inline SVG charts for report.html: no script, no network, escaped labels."""

from __future__ import annotations

from html import escape

PALETTE = {"kept": "#2e7d32", "rejected": "#c62828", "bar": "#3f6fb5"}


def bars(items: list[tuple[str, float]], width: int = 520, unit: str = "") -> str:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    if not items:
        return "<p class='muted'>nothing to show</p>"
    top = max(v for _, v in items) or 1
    row, label_w = 22, 170
    height = row * len(items) + 4
    parts = [f"<svg class='chart' viewBox='0 0 {width} {height}' width='{width}' "
             f"height='{height}' role='img'>"]
    for i, (label, value) in enumerate(items):
        y = i * row + 2
        length = (width - label_w - 70) * value / top
        parts.append(
            f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end'>{escape(label[:28])}</text>"
            f"<rect x='{label_w}' y='{y + 3}' width='{length:.1f}' height='{row - 6}' "
            f"fill='{PALETTE['bar']}'><title>{escape(label)}: {value:g}{unit}</title></rect>"
            f"<text x='{label_w + length + 4:.1f}' y='{y + 15}'>{value:g}{unit}</text>"
        )
    return "".join(parts) + "</svg>"


def stacked(items: list[tuple[str, int, int]], width: int = 520) -> str:
    """Kept (green) and rejected (red) per stage, on one scale: the funnel."""
    if not items:
        return "<p class='muted'>no stages ran</p>"
    top = max(k + r for _, k, r in items) or 1
    row, label_w = 24, 120
    height = row * len(items) + 4
    parts = [f"<svg class='chart' viewBox='0 0 {width} {height}' width='{width}' "
             f"height='{height}' role='img'>"]
    for i, (label, kept, rejected) in enumerate(items):
        y = i * row + 2
        scale = (width - label_w - 90) / top
        kept_w, rej_w = kept * scale, rejected * scale
        parts.append(
            f"<text x='{label_w - 6}' y='{y + 16}' text-anchor='end'>{escape(label)}</text>"
            f"<rect x='{label_w}' y='{y + 3}' width='{kept_w:.1f}' height='{row - 6}' "
            f"fill='{PALETTE['kept']}'><title>kept {kept}</title></rect>"
            f"<rect x='{label_w + kept_w:.1f}' y='{y + 3}' width='{rej_w:.1f}' "
            f"height='{row - 6}' fill='{PALETTE['rejected']}'><title>rejected {rejected}</title>"
            f"</rect><text x='{label_w + kept_w + rej_w + 4:.1f}' y='{y + 16}'>"
            f"{kept} / {kept + rejected}</text>"
        )
    return "".join(parts) + "</svg>"


def histogram(edges: list[float], counts: list[int], title: str, width: int = 360) -> str:
    """Vertical bars over equal-width bins, with min and max under the axis."""
    if not counts:
        return ""
    top = max(counts) or 1
    height, base = 150, 125
    bar_w = (width - 20) / len(counts)
    parts = [f"<figure><svg class='chart' viewBox='0 0 {width} {height}' width='{width}' "
             f"height='{height}' role='img'>"]
    for i, count in enumerate(counts):
        h = (base - 10) * count / top
        parts.append(
            f"<rect x='{10 + i * bar_w:.1f}' y='{base - h:.1f}' width='{bar_w - 2:.1f}' "
            f"height='{h:.1f}' fill='{PALETTE['bar']}'><title>{edges[i]:g} to "
            f"{edges[i + 1]:g}: {count}</title></rect>"
        )
    parts.append(f"<line x1='10' y1='{base}' x2='{width - 10}' y2='{base}' stroke='#555'/>"
                 f"<text x='10' y='{base + 18}'>{edges[0]:g}</text>"
                 f"<text x='{width - 10}' y='{base + 18}' text-anchor='end'>{edges[-1]:g}</text>")
    return "".join(parts) + f"</svg><figcaption>{escape(title)}</figcaption></figure>"
