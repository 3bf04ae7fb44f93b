"""Build-time pages drawn from the tree: phrasings, all pathways, the handout, scenarios, the diagram.

Each function returns Markdown (or SVG) for the site's build hook to put into a
page. Links to reference sections go through ``link``, which turns a tree URL
into a Markdown link that MkDocs checks, so a missing anchor fails the build.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from . import api, render
from .engine import State, recommend
from .model import RESULT, Intervention, Tree

Link = Callable[[str], str]
GUIDE = "Open in the guide"


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    situation: str
    fragment: str
    level: str
    discuss: tuple[str, ...]


def load_scenarios(path: Path) -> tuple[Scenario, ...]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    scenarios = []
    for index, item in enumerate(raw.get("scenario", [])):
        try:
            scenarios.append(
                Scenario(
                    id=item["id"],
                    title=item["title"],
                    situation=item["situation"].strip(),
                    fragment=item["fragment"],
                    level=item["level"],
                    discuss=tuple(item.get("discuss", ())),
                )
            )
        except (KeyError, AttributeError, TypeError) as error:
            raise ValueError(f"{path}: scenario[{index}]: missing or invalid {error}") from None
    return tuple(scenarios)


def phrasings_markdown(intervention: Intervention) -> str:
    """The sample phrasings of a reference section, each with a copy button like the guide's."""
    items = "".join(
        f'<li class="phrasing"><q class="phrasing__text">{escape(p)}</q>'
        '<button type="button" class="phrasing__copy" data-action="copy" '
        'aria-label="Copy this phrasing">Copy</button></li>'
        for p in intervention.phrasings
    )
    return f'<ul class="phrasings phrasings--reference">{items}</ul>'


def _guide_link(fragment: str, text: str = GUIDE, depth: str = "../") -> str:
    return f'<a class="guide-link" href="{escape(depth)}#{escape(fragment)}">{escape(text)}</a>'


def _intervention_list(tree: Tree, ids: list[str], link: Link) -> str:
    return "\n".join(f"1. [{tree.interventions[i].title}]({link(tree.interventions[i].url)})" for i in ids)


def _ids(tree: Tree, state: State) -> list[str]:
    return [item.intervention.id for item in recommend(tree, state).interventions]


def pathways_markdown(tree: Tree, link: Link) -> str:
    """Every question, every outcome and what each sign adds, derived from the engine."""
    out = ["## The questions, in order {#questions}", ""]
    for number, question in enumerate(tree.questions.values(), start=1):
        condition = ""
        if question.ask_if.signs_any:
            signs = ", ".join(tree.signs[s].short for s in question.ask_if.signs_any)
            condition = f" *Asked only if you noted: {signs}.*"
        kind = "Choose all that apply." if question.kind == "multi" else "Choose one."
        out.append(f"{number}. **{question.prompt}** {kind}{condition} (Link key: `{question.id}`.)")
        for answer in question.answers:
            out.append(f"    - {answer.label} (`{answer.value}`)")
        if question.kind == "multi":
            out.append("    - None of these (`none`)")
        out.append("")
    out += ["## Diagram {#diagram}", "", diagram_svg(tree), ""]

    out += ["## Outcomes {#outcomes}", ""]
    out.append(
        "Each outcome below is what the guide recommends for the answers named in it. "
        "The level comes from the most serious sign you noted; the signs then add their own steps."
    )
    outcomes = [
        ("outcome-safety", "When you flag a risk", State("yes", "ongoing")),
        ("outcome-primary-start", "Primary, at the start of treatment", State("no", "start")),
        ("outcome-primary", "Primary, later in treatment", State("no", "ongoing")),
    ]
    for level in ("secondary", "tertiary"):
        sign = next(s for s in tree.signs.values() if s.level == level)
        outcomes.append(
            (f"outcome-{level}", f"{tree.levels[level].title}", State("no", "ongoing", frozenset({sign.id})))
        )
    for anchor, title, state in outcomes:
        result = recommend(tree, state)
        fragment = api.result_fragment(tree, state)
        out += ["", f"### {title} {{#{anchor}}}", "", f"{result.level.summary}", ""]
        if anchor == "outcome-safety":
            out.append("Whatever else you noted, the result opens with your service's safety protocol:")
        elif state.signs:
            out.append(f"For example, with {next(tree.signs[s].short for s in state.signs)} alone, the steps are:")
        else:
            out.append("With no sign noted, the steps are:")
        out += ["", _intervention_list(tree, _ids(tree, state), link), "", _guide_link(fragment), ""]

    out += ["## What each sign adds {#signs}", ""]
    for sign in tree.signs.values():
        state = State("no", "ongoing", frozenset({sign.id}))
        baseline = set(_ids(tree, State("no", "ongoing")))
        level_steps = set(_ids(tree, state))
        added = [i for i in _ids(tree, state) if i not in baseline]
        out += [
            f"### {sign.short[0].upper()}{sign.short[1:]} {{#sign-{sign.id}}}",
            "",
            f"Lowest level: **{sign.level}**. [What this sign looks like]({link(sign.url)}).",
            "",
        ]
        out.append("It adds:" if added else "It adds no step of its own beyond its level's.")
        if added:
            out += ["", _intervention_list(tree, added, link)]
        kept = [i for i in baseline if i not in level_steps]
        if kept:
            out += [
                "",
                "At this level the guide no longer lists: "
                + ", ".join(tree.interventions[i].title for i in kept)
                + ".",
            ]
        out += ["", _guide_link(api.result_fragment(tree, state)), ""]

    out += ["## Follow-up questions {#follow-ups}", ""]
    out.append("Follow-up answers never change the level or the steps. They add a note to a step:")
    out.append("")
    for rule in tree.rules:
        if rule.note and rule.when.followup:
            key, values = rule.when.followup[0]
            question = tree.questions[key]
            answers = ", ".join(a.label for a in question.answers if a.value in values)
            target = f" (on “{tree.interventions[rule.note_on].title}”)" if rule.note_on else ""
            out.append(f"- *{question.prompt}* **{answers}**{target}: {rule.note}")
    return "\n".join(out) + "\n"


def handout_markdown(tree: Tree, link: Link) -> str:
    """The whole guide on a few printed pages: levels, signs, and every step with its phrasings."""
    out = ["## The three levels {#levels}", ""]
    for level in tree.levels.values():
        out.append(f"- **{level.title}.** {level.summary}")
    out += ["", "## Signs and the level they point to {#signs}", "", "| Sign | Lowest level |", "|---|---|"]
    for sign in tree.signs.values():
        out.append(f"| [{sign.short[0].upper()}{sign.short[1:]}]({link(sign.url)}) | {sign.level} |")
    out += ["", "## The steps, with sample phrasings {#steps}", ""]
    for intervention in tree.interventions.values():
        out += [
            f"### {intervention.title} {{#{intervention.id}}}",
            "",
            intervention.how,
            "",
            phrasings_markdown(intervention),
            "",
            f"[Read more]({link(intervention.url)})",
            "",
        ]
    return "\n".join(out) + "\n"


def scenarios_markdown(tree: Tree, scenarios: tuple[Scenario, ...], link: Link) -> str:
    out = []
    for scenario in scenarios:
        view = api.view(tree, scenario.fragment)
        result = view["result"]
        if view["state"] != "result" or view["ignored"] or result["level"] != scenario.level:
            raise ValueError(
                f"scenarios.toml: scenario[{scenario.id}]: the link does not open to a '{scenario.level}' result "
                f"(state {view['state']}, ignored {view['ignored']})"
            )
        out += [f"## {scenario.title} {{#{scenario.id}}}", "", scenario.situation, ""]
        out += [f"<p>{_guide_link(scenario.fragment, 'Open this scenario in the guide')}</p>", ""]
        out += ['<details class="scenario-answer"><summary>What the guide recommends</summary>', ""]
        out += [f"**{result['level_title']}**", ""]
        out += [_intervention_list(tree, [i["id"] for i in result["interventions"]], link), "", "</details>", ""]
        if scenario.discuss:
            out += ["For discussion:", ""] + [f"- {q}" for q in scenario.discuss] + [""]
    return "\n".join(out)


def guide_container(first: Mapping[str, Any], root: str) -> str:
    """The guide's element, with the first question pre-rendered so it shows before Python loads."""
    pathways = "pathways/"
    return (
        f'<div id="decision-guide" class="decision-guide" data-state="question" data-root="{escape(root)}" '
        f'data-pathways="{pathways}">'
        '<noscript><div class="admonition failure guide-error"><p class="admonition-title">'
        "The interactive guide needs JavaScript</p><p>Everything it recommends is also on the "
        f'<a href="{pathways}">page of all pathways</a>, which works without JavaScript.</p></div></noscript>'
        '<div class="guide-status" role="status" aria-live="polite"></div>'
        '<div class="guide-loading" data-guide-loading hidden><progress aria-label="Loading the guide"></progress>'
        '<span class="guide-loading__text"></span></div>'
        '<div class="guide-error-box" data-guide-error role="alert" hidden></div>'
        f'<div class="guide-view">{render.view_html(first, root)}</div>'
        "</div>"
    )


# --- Diagram -------------------------------------------------------------------------------


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
