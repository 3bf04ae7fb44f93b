"""The pocket card: the levels, the signs that lead to each, the core steps level by level with one phrasing each,
and the safety rule.

Everything on it comes from the tree, so it never disagrees with the guide. It is
meant to print on one page (A4 or US Letter); its compact print styles are in
the print section of ``docs/assets/site.css``.
"""

from __future__ import annotations

from html import escape

from decision_tree.engine import State, recommend
from decision_tree.model import Intervention, Phrasing, Tree
from sitegen.common import Link, capital


def neutral_phrasing(intervention: Intervention) -> Phrasing:
    """The first phrasing that presupposes no observation and fits every situation, with or without a risk;
    one for the room when there is one, since the card is read between sessions. A step whose every
    such line is written for one risk (reach out) shows the one written for a risk: the card is read
    without knowing the patient, and what is safe with a risk is safe without one."""
    fitting = [p for p in intervention.phrasings if p.neutral and p.risk in ("any", "yes")]
    for phrasing in sorted(fitting, key=lambda p: (p.risk != "any", p.channel != "in-session")):
        return phrasing
    raise ValueError(f"tree.toml: interventions.{intervention.id} has no phrasing that fits every situation")


def pocket_card_markdown(tree: Tree, link: Link) -> str:
    """The card as Markdown with HTML blocks (md_in_html), in reading order."""
    safety = next(i for i in tree.interventions.values() if i.safety)  # the tree flags it (rule 3)
    out = [
        '<div class="pocket-card" markdown>',
        "",
        '<div class="pocket-card__safety" markdown>',
        "",
        "**Risk always comes first.** With a current concern about harm to the patient or to others, "
        f"at any level: **[{safety.title}]({link(safety.url)}).** {safety.action}",
        "",
        _phrasing_html(neutral_phrasing(safety)),
        "",
        "</div>",
        "",
        "## The three levels, and the signs that lead to each {#levels}",
        "",
        '<div class="pocket-card__levels" markdown>',
    ]
    for level in tree.levels.values():
        signs = [sign.short for sign in tree.signs.values() if sign.level == level.id]
        out += [
            "",
            '<div class="pocket-card__level" markdown>',
            "",
            f"**[{level.title}]({link(level.url)})**  ",
            level.summary,
            "",
            "*Signs:* " + (capital("; ".join(signs)) + "." if signs else "none noted yet."),
            "",
            *_ending_line(tree, level.id),
            "</div>",
        ]
    out += ["", "</div>", ""]
    situation = [i for i in tree.interventions.values() if not i.standing and not i.safety]
    keep = [i for i in tree.interventions.values() if i.standing]
    lowest = lowest_levels(tree)
    out += ["## The core steps, with one phrasing each, level by level {#steps}", ""]
    # One grid, level by level; the first step of each level names it. A step no single sign reaches
    # (one that follows a follow-up question) goes with the last level.
    last = len(tree.levels) - 1
    ordered = sorted(situation, key=lambda i: lowest.get(i.id, last))
    titles = [level.title for level in tree.levels.values()]
    out += _steps(ordered, link, {i.id: titles[lowest.get(i.id, last)] for i in ordered})
    out += ["## Keep doing, at every level {#keep-doing}", ""]
    out += _steps(keep, link)
    out += ["</div>", ""]
    return "\n".join(out)


def lowest_levels(tree: Tree) -> dict[str, int]:
    """Each step's lowest level (its index in the tree's order of levels): the card follows the levels.

    The level of a result is read from the engine, for every phase with no sign and with each sign alone.
    """
    order = {level: index for index, level in enumerate(tree.levels)}
    lowest: dict[str, int] = {}
    for phase in tree.phases:
        for signs in [frozenset(), *(frozenset({sign}) for sign in tree.signs)]:
            result = recommend(tree, State("no", phase, signs))
            for item in result.steps:
                step = item.intervention.id
                lowest[step] = min(lowest.get(step, len(order)), order[result.level.id])
    return lowest


def _ending_line(tree: Tree, level: str) -> list[str]:
    """Under the level it sets, what the tree says to do when a patient says they want to stop."""
    wants = [s for s in tree.signs.values() if s.level == level and tree.exclusive_group(s.id) and not s.out_of_contact]
    rules = [r for r in tree.rules if r.add and r.when.signs_any == tuple(s.id for s in wants)]
    return [f"*If they say they want to stop:* {rules[0].because}", ""] if wants and rules else []


def _steps(interventions: list[Intervention], link: Link, levels: dict[str, str] | None = None) -> list[str]:
    """The steps in a grid; with ``levels`` (step ID to level title), the first step of each level names it."""
    out = ['<div class="pocket-card__steps" markdown>', ""]
    named: set[str] = set()
    for intervention in interventions:
        level = (levels or {}).get(intervention.id)
        label = [f'<p class="pocket-card__group">{escape(level)}</p>', ""] if level and level not in named else []
        named.add(level or "")
        out += [
            '<div class="pocket-card__step" markdown>',
            "",
            *label,
            f"**[{intervention.title}]({link(intervention.url)}):** {capital(intervention.action)}",
            "",
            _phrasing_html(neutral_phrasing(intervention)),
            "",
            "</div>",
            "",
        ]
    return [*out, "</div>", ""]


def _phrasing_html(phrasing: Phrasing) -> str:
    return f'<p class="pocket-card__phrasing"><q>{escape(phrasing.text)}</q></p>'
