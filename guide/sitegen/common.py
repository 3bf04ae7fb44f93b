"""What the generated pages share: links into the guide and the reference, lists of steps, phrasings.

Each generator returns Markdown (or HTML inside it) for a hook to put into a page.
Links to reference sections go through ``link``, which turns a tree URL into a
Markdown link that MkDocs checks, so a missing anchor fails the build.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from decision_tree.engine import Result, State, recommend
from decision_tree.model import CHANNEL_LABELS, CONTACTS, EVIDENCE_BASES, Intervention, Phrasing, Tree

Link = Callable[[str], str]
GUIDE = "Open in the guide"


def sign_words(sign_id: str, tree: Tree | None = None) -> str:
    if tree is not None and sign_id in tree.signs:
        return tree.signs[sign_id].short
    return sign_id.replace("-", " ")


def phrasings_markdown(intervention: Intervention, tree: Tree | None = None) -> str:
    """The sample phrasings of a section, each with a copy button like the guide's.

    Phrasings that presuppose an observation (spec rule 10), a risk or no risk (rule 14), or a
    follow-up answer come under a line that says so, and one not for the room says where it goes
    (rule 15), so that a reader never borrows one for a situation it does not fit. The tree's
    order is kept.
    """
    groups: list[tuple[str, list[str]]] = []
    for phrasing in intervention.phrasings:
        label = CHANNEL_LABELS.get(phrasing.channel, "")
        channel = f'<span class="phrasing__channel">{escape(label)}: </span>' if label else ""
        item = (
            f'<li class="phrasing" data-channel="{escape(phrasing.channel)}"{_presupposes_attr(phrasing.presupposes)}>'
            f'{channel}<q class="phrasing__text">{escape(phrasing.text)}</q>'
            '<button type="button" class="phrasing__copy" data-action="copy" '
            'aria-label="Copy this phrasing">Copy</button></li>'
        )
        when = _when(phrasing, tree)
        if groups and groups[-1][0] == when:
            groups[-1][1].append(item)
        else:
            groups.append((when, [item]))
    out = []
    for when, items in groups:
        if when:
            out.append(f'<p class="phrasings__when"><em>Only {escape(when)}:</em></p>')
        out.append(f'<ul class="phrasings phrasings--reference">{"".join(items)}</ul>')
    return "".join(out)


#: How the reference pages say which risk a phrasing is for (spec rule 14).
RISK_WORDS = {"yes": "with a risk, or when you are not sure", "no": "without a current risk"}
#: And where the patient must be, for a phrasing written for some contacts only (rule 15).
CONTACT_WORDS = {
    "in-session": "in the room",
    "message": "in touch in writing",
    "unknown": "in touch in a way you did not say",
    "out-of-contact": "out of contact",
}


def contact_words(contacts: tuple[str, ...]) -> str:
    if set(contacts) == set(CONTACTS) - {"in-session"}:
        return "when the patient is not in the room"
    return "when the patient is " + " or ".join(CONTACT_WORDS[contact] for contact in contacts)


def evidence_markdown(intervention: Intervention, link: Link) -> str:
    """What a step rests on, for its reference section: the same words as the guide's results, the
    citations linked to the references page (a block that carries ``data-evidence``)."""
    bases = " ".join(dict.fromkeys(e.basis for e in intervention.evidence))
    named = []
    for evidence in intervention.evidence:
        words = EVIDENCE_BASES[evidence.basis]
        cite = f"[{evidence.cite}]({link('references/#' + evidence.ref)})" if evidence.ref else evidence.cite
        named.append(f"{words}: {cite}" if evidence.cite else words)
    return f'<p class="guide-evidence" data-evidence="{escape(bases)}" markdown>**Rests on:** {"; ".join(named)}.</p>'


def _when(phrasing: Phrasing, tree: Tree | None) -> str:
    """When a phrasing fits, in words: "if you noted …, with a risk"; empty when it fits any situation."""
    parts = []
    if phrasing.presupposes:
        parts.append("if you noted " + " or ".join(sign_words(s, tree) for s in phrasing.presupposes))
    for key, values in phrasing.followup:
        question = tree.questions.get(key) if tree is not None else None
        labels = [a.label for a in question.answers if a.value in values] if question else list(values)
        parts.append("if you answered “" + " or ".join(labels) + "”")
    if phrasing.risk in RISK_WORDS:
        parts.append(RISK_WORDS[phrasing.risk])
    if phrasing.contacts:
        parts.append(contact_words(phrasing.contacts))
    return ", ".join(parts)


def _presupposes_attr(signs: tuple[str, ...]) -> str:
    return f' data-presupposes="{escape(" ".join(signs))}"' if signs else ""


def guide_link(fragment: str, text: str = GUIDE, depth: str = "../") -> str:
    return f'<a class="guide-link" href="{escape(depth)}#{escape(fragment)}">{escape(text)}</a>'


def title_link(tree: Tree, intervention_id: str, link: Link) -> str:
    intervention = tree.interventions[intervention_id]
    return f"[{intervention.title}]({link(intervention.url)})"


def intervention_list(tree: Tree, ids: list[str], link: Link, numbered: bool = True, actions: bool = False) -> str:
    marker = "1." if numbered else "-"
    return "\n".join(
        f"{marker} {title_link(tree, i, link)}" + (f": {tree.interventions[i].action}" if actions else "") for i in ids
    )


def step_ids(tree: Tree, state: State) -> list[str]:
    return [item.intervention.id for item in recommend(tree, state).interventions]


def standing_ids(tree: Tree) -> list[str]:
    """The standing practices (spec rule 4), in the tree's order: every result ends with them."""
    return [i for i, intervention in tree.interventions.items() if intervention.standing]


def result_markdown(tree: Tree, result: Result, link: Link, lead: str = "", actions: bool = False) -> list[str]:
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
        out += ["", lead or "The steps for this situation:", "", intervention_list(tree, steps, link, actions=actions)]
    else:
        out += ["", "No sign calls for a step of its own here: the standing practices are the work."]
    if keep:
        out += ["", f"{result.keep_doing_heading}:", "", intervention_list(tree, keep, link, numbered=False)]
    return out


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]
