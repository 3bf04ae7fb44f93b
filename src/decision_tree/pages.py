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

from . import api, engine, fragment, render
from .engine import Result, State, recommend
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


def _sign_words(sign_id: str, tree: Tree | None = None) -> str:
    if tree is not None and sign_id in tree.signs:
        return tree.signs[sign_id].short
    return sign_id.replace("-", " ")


def phrasings_markdown(intervention: Intervention, tree: Tree | None = None) -> str:
    """The sample phrasings of a section, each with a copy button like the guide's.

    Phrasings that presuppose an observation (spec rule 10) come under a line that
    names it, so that a reader never borrows one for a situation it does not fit.
    The tree's order is kept.
    """
    groups: list[tuple[tuple[str, ...], list[str]]] = []
    for phrasing in intervention.phrasings:
        item = (
            f'<li class="phrasing"{_presupposes_attr(phrasing.presupposes)}>'
            f'<q class="phrasing__text">{escape(phrasing.text)}</q>'
            '<button type="button" class="phrasing__copy" data-action="copy" '
            'aria-label="Copy this phrasing">Copy</button></li>'
        )
        if groups and groups[-1][0] == phrasing.presupposes:
            groups[-1][1].append(item)
        else:
            groups.append((phrasing.presupposes, [item]))
    out = []
    for presupposes, items in groups:
        if presupposes:
            signs = " or ".join(_sign_words(s, tree) for s in presupposes)
            out.append(f'<p class="phrasings__when"><em>Only if you noted {escape(signs)}:</em></p>')
        out.append(f'<ul class="phrasings phrasings--reference">{"".join(items)}</ul>')
    return "".join(out)


def _presupposes_attr(signs: tuple[str, ...]) -> str:
    return f' data-presupposes="{escape(" ".join(signs))}"' if signs else ""


def _guide_link(fragment: str, text: str = GUIDE, depth: str = "../") -> str:
    return f'<a class="guide-link" href="{escape(depth)}#{escape(fragment)}">{escape(text)}</a>'


def _title(tree: Tree, intervention_id: str, link: Link) -> str:
    intervention = tree.interventions[intervention_id]
    return f"[{intervention.title}]({link(intervention.url)})"


def _intervention_list(tree: Tree, ids: list[str], link: Link, numbered: bool = True, actions: bool = False) -> str:
    marker = "1." if numbered else "-"
    return "\n".join(
        f"{marker} {_title(tree, i, link)}" + (f": {tree.interventions[i].action}" if actions else "") for i in ids
    )


def _ids(tree: Tree, state: State) -> list[str]:
    return [item.intervention.id for item in recommend(tree, state).interventions]


def _standing(tree: Tree) -> list[str]:
    """The standing practices (spec rule 4), in the tree's order: every result ends with them."""
    return [i for i, intervention in tree.interventions.items() if intervention.standing]


def _result_markdown(tree: Tree, result: Result, link: Link, lead: str = "", actions: bool = False) -> list[str]:
    """A result as Markdown lines: its level (safety first when flagged), its steps, then what to keep doing.

    The same order as the guide's result (spec rules 9 and 12). ``lead`` opens the list of steps.
    """
    out: list[str] = []
    if result.safety:
        out.append(f"**Safety first**, then **{result.level.title}** once safety is addressed. {result.level.summary}")
    else:
        out.append(f"**{result.level.title}.** {result.level.summary}")
    steps = [item.intervention.id for item in result.steps]
    keep = [item.intervention.id for item in result.keep_doing]
    if steps:
        out += ["", lead or "The steps for this situation:", "", _intervention_list(tree, steps, link, actions=actions)]
    else:
        out += ["", "No sign calls for a step of its own here: the standing practices are the work."]
    if keep:
        out += ["", f"{result.keep_doing_heading}:", "", _intervention_list(tree, keep, link, numbered=False)]
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


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
        grouped = {s for group in tree.exclusive for s in group.signs}
        for answer in question.answers:
            if answer.value not in grouped:
                out.append(f"    - {answer.label} (`{answer.value}`)")
        for group in tree.exclusive:
            members = [a for a in question.answers if a.value in group.signs]
            if members:
                out.append(f"    - *{group.prompt}* One choice of:")
                out.append(f"        - {group.none_label}")
                out += [f"        - {a.label} (`{a.value}`)" for a in members]
        if question.kind == "multi":
            out.append("    - None of these (`none`)")
        out.append("")
    out += ["## Diagram {#diagram}", "", diagram_svg(tree), ""]

    out += ["## Outcomes {#outcomes}", ""]
    out.append(
        "Each outcome below is what the guide recommends for the answers named in it. "
        "The level comes from the most serious sign you noted; the signs then add their own steps. "
        "Every result ends with the same standing practices: "
        + ", ".join(tree.interventions[i].title for i in _standing(tree))
        + "."
    )
    outcomes = [
        ("outcome-safety", "When you flag a risk", State("yes", "ongoing")),
        ("outcome-primary-start", "Primary, at the start or in the first weeks", State("no", "start")),
        ("outcome-primary", "Primary, in established treatment", State("no", "ongoing")),
    ]
    # One example sign per level: the first of the tree's, and open blame as the clearest full rupture.
    for level, preferred in (("secondary", ""), ("tertiary", "explicit-blame")):
        sign = tree.signs.get(preferred) or next(s for s in tree.signs.values() if s.level == level)
        outcomes.append(
            (f"outcome-{level}", f"{tree.levels[level].title}", State("no", "ongoing", frozenset({sign.id})))
        )
    for anchor, title, state in outcomes:
        result = recommend(tree, state)
        if anchor == "outcome-safety":
            lead = "Whatever else you noted, the result opens with your service's safety protocol. With no sign noted:"
        elif state.signs:
            lead = f"For example, with {next(tree.signs[s].short for s in state.signs)} alone, the steps are:"
        else:
            lead = "With no sign noted, the steps are:"
        out += ["", f"### {title} {{#{anchor}}}", ""]
        out += _result_markdown(tree, result, link, lead)
        out += ["", _guide_link(api.result_fragment(tree, state)), ""]

    out += ["## What the phase adds {#phases}", ""]
    anticipate = tree.interventions["anticipate-ruptures"]
    phases_adding = [p for p in tree.phases if "anticipate-ruptures" in _ids(tree, State("no", p))]
    out.append(
        f"At {' and '.join(_phase_words(p) for p in phases_adding)}, every result below the tertiary level also "
        f"includes {_title(tree, anticipate.id, link)}, after the steps for the situation: if it was not said at "
        "the start, the first weeks are still the time to say it. At the tertiary level the rupture has already "
        "come, and the result turns to repairing it."
    )
    out.append("")

    baseline = set(_ids(tree, State("no", "ongoing")))
    out += ["## What each sign adds {#signs}", ""]
    out.append(
        "Each sign below is shown alone, in established treatment, with no risk flagged. "
        "When you note several signs, the level is the most serious of theirs and the steps are all of theirs, "
        "in the order the guide gives them."
    )
    out.append("")
    for sign in tree.signs.values():
        state = State("no", "ongoing", frozenset({sign.id}))
        result = recommend(tree, state)
        ids = [item.intervention.id for item in result.interventions]
        added = [i for i in ids if i not in baseline]
        out += [
            f"### {_capital(sign.short)} {{#sign-{sign.id}}}",
            "",
            f"Lowest level: **{sign.level}**. [What this sign looks like]({link(sign.url)}).",
            "",
        ]
        out.append("It adds:" if added else "It adds no step of its own beyond its level's.")
        if added:
            out += ["", _intervention_list(tree, added, link)]
        dropped = [tree.interventions[i].title for i in baseline if i not in ids]
        if dropped:
            out += ["", "At this level the guide no longer lists: " + ", ".join(sorted(dropped)) + "."]
        if result.keep_doing_heading != engine.KEEP_DOING:
            out += ["", f"The standing practices come under “{result.keep_doing_heading}”."]
        exclusive = tree.exclusive_group(sign.id)
        if exclusive is not None:
            others = [tree.signs[s].short for s in exclusive.signs if s != sign.id]
            out += [
                "",
                f"It and {' or '.join(others)} are one choice in the guide (“{exclusive.prompt}”), never both.",
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


def _phase_words(phase: str) -> str:
    return {"start": "the start of treatment", "early": "in the first weeks"}.get(phase, phase)


def handout_markdown(tree: Tree, link: Link) -> str:
    """The whole guide on a few printed pages: levels, signs, and every step with its phrasings."""
    out = ["## The three levels {#levels}", ""]
    for level in tree.levels.values():
        out.append(f"- **{level.title}.** {level.summary}")
    standing = _standing(tree)
    out += [
        "",
        "A current concern about harm comes before all of them: "
        f"[{tree.interventions['safety-first'].title}](#safety-first). "
        "Every result also ends with what to keep doing: "
        + ", ".join(f"[{tree.interventions[i].title}](#{i})" for i in standing)
        + ". At the start of treatment and in the first weeks, below the tertiary level, the result also "
        "includes [Anticipate ruptures](#anticipate-ruptures).",
    ]
    baseline = set(_ids(tree, State("no", "ongoing")))
    out += [
        "",
        "## Signs, their level and their steps {#signs}",
        "",
        "| Sign | Lowest level | Steps it adds |",
        "|---|---|---|",
    ]
    for sign in tree.signs.values():
        added = [i for i in _ids(tree, State("no", "ongoing", frozenset({sign.id}))) if i not in baseline]
        steps = ", ".join(f"[{tree.interventions[i].title}](#{i})" for i in added) or "none beyond its level's"
        out.append(f"| [{_capital(sign.short)}]({link(sign.url)}) | {sign.level} | {steps} |")
    if tree.exclusive:
        out.append("")
        for group in tree.exclusive:
            names = " and ".join(tree.signs[s].short for s in group.signs)
            out.append(f"{_capital(names)} are one choice: {group.because}.")
    out += [
        "",
        "## The steps, with sample phrasings {#steps}",
        "",
        "A phrasing marked “only if you noted …” assumes that observation: use it only then.",
        "",
    ]
    situation = [i for i in tree.interventions.values() if not i.standing]
    keep = [i for i in tree.interventions.values() if i.standing]
    for intervention in situation:
        out += _handout_step(intervention, tree, link)
    out += ["## Keep doing, at every level {#keep-doing}", ""]
    for intervention in keep:
        out += _handout_step(intervention, tree, link)
    return "\n".join(out) + "\n"


def _handout_step(intervention: Intervention, tree: Tree, link: Link) -> list[str]:
    return [
        f"### {intervention.title} {{#{intervention.id}}}",
        "",
        f"**{intervention.action}**",
        "",
        intervention.how,
        "",
        phrasings_markdown(intervention, tree),
        "",
        f"[Read more]({link(intervention.url)})",
        "",
    ]


def scenario_result(tree: Tree, scenario: Scenario) -> Result:
    """The engine's result for a scenario's link; refuses a link that is not a clean result of its level."""
    view = api.view(tree, scenario.fragment)
    result = view["result"]
    if view["state"] != "result" or view["ignored"] or result is None or result["level"] != scenario.level:
        raise ValueError(
            f"scenarios.toml: scenario[{scenario.id}]: the link does not open to a '{scenario.level}' result "
            f"(state {view['state']}, ignored {view['ignored']}, level {result and result['level']})"
        )
    parsed = fragment.parse(tree, scenario.fragment)
    return recommend(tree, engine.walk(tree, parsed.answers).state())


def scenarios_markdown(tree: Tree, scenarios: tuple[Scenario, ...], link: Link) -> str:
    """Each scenario: the situation, questions for discussion, the answer key (folded), and its guide link.

    The answer key is Markdown inside ``<details markdown="block">`` (the md_in_html
    extension), so its links are real links that MkDocs checks, not raw text.
    """
    out = []
    for scenario in scenarios:
        result = scenario_result(tree, scenario)
        out += [f"## {scenario.title} {{#{scenario.id}}}", "", scenario.situation, ""]
        if scenario.discuss:
            out += ["For discussion:", ""] + [f"- {q}" for q in scenario.discuss] + [""]
        out += [
            f'<details class="scenario-answer" data-level="{result.level.id}" '
            f'data-safety="{str(result.safety).lower()}" markdown="block">',
            "<summary>What the guide recommends</summary>",
            "",
        ]
        out += _result_markdown(tree, result, link, actions=True)
        out += ["", "</details>", ""]
        out += [f"<p>{_guide_link(scenario.fragment, 'Open this scenario in the guide')}</p>", ""]
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
