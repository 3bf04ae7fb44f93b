"""The handout: the whole guide on about five printed pages, levels, signs, and every step with its phrasings.

Its compact print styles (two columns, no "Read more" lines) are in the print section of
``docs/assets/site.css``; a browser test counts its pages.
"""

from __future__ import annotations

from decision_tree.engine import State
from decision_tree.model import Intervention, Tree
from sitegen.common import Link, capital, phrasings_markdown, standing_ids, step_ids


def handout_markdown(tree: Tree, link: Link) -> str:
    """The whole guide on a few printed pages: levels, signs, and every step with its phrasings."""
    out = ["## The three levels {#levels}", ""]
    for level in tree.levels.values():
        out.append(f"- **{level.title}.** {level.summary}")
    standing = standing_ids(tree)
    safety = next(i for i in tree.interventions.values() if i.safety)  # the tree flags it (rule 3)
    out += [
        "",
        "A current concern about harm comes before all of them: "
        f"[{safety.title}](#{safety.id}). "
        "Every result also ends with what to keep doing: "
        + ", ".join(f"[{tree.interventions[i].title}](#{i})" for i in standing)
        + ". At the start of treatment and in the first weeks, below the tertiary level, the result also "
        "includes [Anticipate ruptures](#anticipate-ruptures).",
    ]
    baseline = set(step_ids(tree, State("no", "ongoing")))
    out += [
        "",
        "## Signs, their level and their steps {#signs}",
        "",
        "| Sign | Lowest level | Steps it adds |",
        "|---|---|---|",
    ]
    for sign in tree.signs.values():
        added = [i for i in step_ids(tree, State("no", "ongoing", frozenset({sign.id}))) if i not in baseline]
        steps = ", ".join(f"[{tree.interventions[i].title}](#{i})" for i in added) or "none beyond its level's"
        out.append(f"| [{capital(sign.short)}]({link(sign.url)}) | {sign.level} | {steps} |")
    if tree.exclusive:
        out.append("")
        for group in tree.exclusive:
            names = " and ".join(tree.signs[s].short for s in group.signs)
            out.append(f"{capital(names)} are one choice: {group.because}.")
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
        "{: .handout__more }",
        "",
    ]
