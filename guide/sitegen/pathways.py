"""The page of all pathways: every question, every outcome and what each sign adds, from the engine."""

from __future__ import annotations

from decision_tree import engine, fragment
from decision_tree.engine import State, recommend
from decision_tree.model import Tree
from sitegen.common import (
    Link,
    capital,
    guide_link,
    intervention_list,
    result_markdown,
    standing_ids,
    step_ids,
    title_link,
)
from sitegen.diagram import diagram_svg


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
        + ", ".join(tree.interventions[i].title for i in standing_ids(tree))
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
        out += result_markdown(tree, result, link, lead)
        out += ["", guide_link(fragment.result_fragment(tree, state)), ""]

    out += ["## What the phase adds {#phases}", ""]
    anticipate = tree.interventions["anticipate-ruptures"]
    phases_adding = [p for p in tree.phases if "anticipate-ruptures" in step_ids(tree, State("no", p))]
    out.append(
        f"At {' and '.join(_phase_words(p) for p in phases_adding)}, every result below the tertiary level also "
        f"includes {title_link(tree, anticipate.id, link)}, after the steps for the situation: if it was not said at "
        "the start, the first weeks are still the time to say it. At the tertiary level the rupture has already "
        "come, and the result turns to repairing it."
    )
    out.append("")

    baseline = set(step_ids(tree, State("no", "ongoing")))
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
            f"### {capital(sign.short)} {{#sign-{sign.id}}}",
            "",
            f"Lowest level: **{sign.level}**. [What this sign looks like]({link(sign.url)}).",
            "",
        ]
        out.append("It adds:" if added else "It adds no step of its own beyond its level's.")
        if added:
            out += ["", intervention_list(tree, added, link)]
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
        out += ["", guide_link(fragment.result_fragment(tree, state)), ""]

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
