"""A top-to-bottom diagram of the questions, drawn at build time as SVG (no script, no CDN)."""

from __future__ import annotations

from html import escape

from decision_tree.model import RESULT, Tree


def diagram_svg(tree: Tree) -> str:
    """A top-to-bottom diagram of the questions, drawn at build time (no script, no CDN)."""
    width, box_h, gap, x = 640, 56, 28, 40
    rows: list[str] = []
    y = 20
    nodes = list(tree.questions.values())
    for index, question in enumerate(nodes):
        conditional = bool(question.ask_if.signs_any)
        label = f"{index + 1}. {question.prompt}"
        lines = _wrap_svg(label, 70)
        note = (
            "asked only if a related sign was noted"
            if conditional
            else (
                "choose all that apply" if question.kind == "multi" else " / ".join(a.label for a in question.answers)
            )
        )
        dash = ' stroke-dasharray="6 4"' if conditional else ""
        rows.append(f'<rect x="{x}" y="{y}" width="{width - 2 * x}" height="{box_h}" rx="8" class="node"{dash}/>')
        for n, line in enumerate(lines[:2]):
            rows.append(f'<text x="{x + 14}" y="{y + 20 + n * 16}" class="label">{escape(line)}</text>')
        rows.append(f'<text x="{x + 14}" y="{y + box_h - 8}" class="note">{escape(_wrap_svg(note, 80)[0])}</text>')
        y += box_h
        rows.append(
            f'<line x1="{width / 2}" y1="{y}" x2="{width / 2}" y2="{y + gap - 4}" class="edge" '
            'marker-end="url(#arrow)"/>'
        )
        y += gap
    rows.append(f'<rect x="{x}" y="{y}" width="{width - 2 * x}" height="{box_h}" rx="28" class="node end"/>')
    rows.append(
        f'<text x="{width / 2}" y="{y + 24}" text-anchor="middle" class="label">Recommendation ({RESULT}): '
        "primary, secondary or tertiary</text>"
    )
    rows.append(
        f'<text x="{width / 2}" y="{y + 42}" text-anchor="middle" class="note">'
        "the most serious sign sets the level; each sign adds its steps</text>"
    )
    height = y + box_h + 20
    desc = " Then ".join(f"question {i + 1}: {q.prompt}" for i, q in enumerate(nodes))
    return (
        f'<figure class="tree-diagram"><svg role="img" aria-labelledby="tree-diagram-title tree-diagram-desc" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="tree-diagram-title">The order of the guide’s questions</title>'
        f'<desc id="tree-diagram-desc">{escape(desc)}. Then the recommendation.</desc>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>'
        + "".join(rows)
        + "</svg><figcaption>The questions in the order the guide asks them. Dashed boxes are follow-ups, "
        "asked only when a related sign was noted.</figcaption></figure>"
    )


def _wrap_svg(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], (lines[1] + " " + " ".join(lines[2:]))[: width - 1] + "…"]
    return lines
