"""HTML for the guide's question and result views, rendered from the JSON views.

Used twice: at build time to pre-render the first question into the guide page,
and in the browser (in Pyodide) for every later view, so there is one renderer
and the browser script only inserts what it gets. Every text is escaped here;
``root`` is the relative path from the page to the site's root.
"""

from __future__ import annotations

from typing import Literal

from . import html_text
from .model import CHANNEL_LABELS, EVIDENCE_BASES
from .views import (
    EvidenceView,
    GroupView,
    InterventionView,
    PhrasingView,
    QuestionView,
    ResultView,
    SafetyMessageView,
    View,
)

#: The one escape function, shared with practice mode (``html_text.escape``), by its short name here.
_e = html_text.escape


def view_html(view: View, root: str) -> str:
    parts = [ignored_html(view.get("ignored") or [])]
    if view["state"] == "result":
        parts.append(result_html(view, root))
    else:
        parts.append(question_html(view, root))
    return "".join(parts)


def ignored_html(ignored: list[str]) -> str:
    if not ignored:
        return ""
    items = "".join(f"<li>{_e(item)}</li>" for item in ignored)
    return (
        '<div class="admonition warning guide-ignored" data-guide-ignored>'
        '<p class="admonition-title">Part of this link was not understood</p>'
        f"<p>The guide ignored:</p><ul>{items}</ul>"
        "<p>It carries on with the rest of the link.</p></div>"
    )


def _safety_banner(root: str) -> str:
    """While the questions go on after a risk was flagged: the safety protocol comes first."""
    text = (
        "You flagged a current concern about harm: follow your service's safety protocol first. "
        "The questions below can wait."
    )
    return (
        '<div class="admonition danger guide-safety" role="note">'
        '<p class="admonition-title">Put safety first</p>'
        f'<p>{_e(text)} <a href="{_e(root)}scope/#safety-first">What this means</a>.</p></div>'
    )


def _pairs(link: str) -> list[tuple[str, list[str]]]:
    """The ``key=v1,v2`` pairs of a fragment the engine wrote (IDs only, so nothing to decode); ``none`` is no value."""
    pairs = []
    for part in link.split("&"):
        key, _, values = part.partition("=")
        if key:
            pairs.append((key, [v for v in values.split(",") if v and v != "none"]))
    return pairs


def _link(pairs: list[tuple[str, list[str]]]) -> str:
    return "&".join(f"{key}={','.join(values) or 'none'}" for key, values in pairs)


def _asked_values(view: View) -> list[tuple[str, list[str]]]:
    """Each question asked so far, in order, with the IDs of the answers it was given.

    From the view's own links: ``back`` holds every answer but the last; the last one is under its
    own key in the view's link, or, in a result opened with the ``signs`` shortcut, among the
    follow-ups or the signs that no earlier question placed.
    """
    asked = view.get("answers") or []
    if not asked:
        return []
    earlier = _pairs(view.get("back") or "")
    last = asked[-1]["question"]
    current = dict(_pairs(view["fragment"]))
    result = view.get("result")
    followups = result["followups"] if result else {}
    if last in current:
        values = current[last]
    elif last in followups:
        values = [followups[last]]
    else:
        placed = {v for _, vs in earlier for v in vs}
        values = [s for s in (result["signs"] if result else []) if s not in placed]
    return [*earlier, (last, values)]


def _goto(link: str, question: str, values: list[str]) -> str:
    """A button's way to a question: the link to open, and the answers to show chosen there (guide.mjs)."""
    return f'data-goto="{_e(link)}" data-change="{_e(question)}" data-values="{_e(",".join(values))}"'


def _nav(view: View, *, result: bool) -> str:
    buttons = []
    back = view.get("back")
    if back is not None:
        # Back opens the previous question with its answer still chosen.
        asked = _asked_values(view)
        goto = _goto(back, *asked[-1]) if asked else f'data-goto="{_e(back)}"'
        buttons.append(f'<button type="button" class="md-button" {goto}>Back</button>')
    if back is not None or result:
        buttons.append('<button type="button" class="md-button" data-goto="">Start over</button>')
    if result:
        buttons.append(
            '<button type="button" class="md-button" data-action="copy-link">Copy link to this result</button>'
        )
        buttons.append('<button type="button" class="md-button" data-action="print">Print</button>')
    return f'<div class="guide-nav">{"".join(buttons)}</div>' if buttons else ""


def _question_of(view: View) -> QuestionView:
    question = view["question"]
    if question is None:
        raise ValueError(f"a {view['state']} view has no question to show")
    return question


def _result_of(view: View) -> ResultView:
    result = view["result"]
    if result is None:
        raise ValueError(f"a {view['state']} view has no result to show")
    return result


def question_html(view: View, root: str) -> str:
    question = _question_of(view)
    qid = _e(question["id"])
    parts = [
        f'<form class="guide-question" data-question="{qid}" data-kind="{_e(question["kind"])}" '
        f'aria-labelledby="guide-prompt">',
        f'<p class="guide-progress">Question {question["step"]} of at most {question["at_most"]}</p>',
    ]
    if view.get("risk_flagged"):
        parts.append(_safety_banner(root))
    parts.append(f'<h2 id="guide-prompt" class="guide-prompt" tabindex="-1">{_e(question["prompt"])}</h2>')
    if question["help"]:
        parts.append(f'<p class="guide-help" id="guide-help">{_e(question["help"])}</p>')
    described = ' aria-describedby="guide-help"' if question["help"] else ""
    if question["kind"] == "single":
        parts.append(f'<div class="guide-answers" role="group" aria-labelledby="guide-prompt"{described}>')
        for answer in question["answers"]:
            help_text = f'<span class="guide-answer__help">{_e(answer["help"])}</span>' if answer["help"] else ""
            parts.append(
                f'<button type="submit" class="guide-answer" name="answer" value="{_e(answer["value"])}">'
                f'<span class="guide-answer__label">{_e(answer["label"])}</span>{help_text}</button>'
            )
        parts.append("</div>")
    else:
        parts.append(
            f'<fieldset class="guide-choices"{described}>'
            '<legend class="guide-choices__legend">Choose all that apply</legend>'
        )
        for answer in question["answers"]:
            value = _e(answer["value"])
            parts.append(
                f'<label class="guide-choice"><input type="checkbox" name="answer" value="{value}">'
                f"<span>{_e(answer['label'])}</span></label>"
            )
        parts.append("</fieldset>")
        parts += [_exclusive_group(group) for group in question.get("groups", [])]
        # One way on that keeps everything chosen: Continue sends every tick and the chosen option
        # of each group; "None of these" only applies while nothing is chosen (guide.mjs disables it
        # meanwhile and counts the choices in Continue's label), so it can never discard a choice.
        parts.append(
            '<div class="guide-answers guide-answers--multi">'
            '<button type="submit" class="guide-answer guide-answer--primary" data-submit="selected">'
            '<span class="guide-answer__label" data-chosen-count>Continue</span></button>'
            '<button type="submit" class="guide-answer" name="answer" value="none">'
            '<span class="guide-answer__label">None of these</span></button>'
            '<p class="guide-none-hint" data-none-hint hidden>'
            "To choose “None of these”, first clear what you chose above.</p></div>"
        )
    parts.append(_nav(view, result=False))
    parts.append("</form>")
    return "".join(parts)


def _answers_summary(view: View) -> str:
    """The "Your answers" part: each question with what was chosen, and a way to change that answer keeping the others.

    "Change" opens the question with every other answer in its link, so that once it is answered the
    engine goes straight on to the next question not yet answered, or to the result.
    """
    asked = _asked_values(view)
    items = []
    for entry, (question, values) in zip(view.get("answers", []), asked, strict=False):
        others = _link([pair for pair in asked if pair[0] != question])
        items.append(
            f"<dt>{_e(entry['prompt'])}</dt><dd><span>{_e(', '.join(entry['answers']))}</span> "
            f'<button type="button" class="guide-change" {_goto(others, question, values)}>Change'
            f'<span class="visually-hidden"> the answer to: {_e(entry["prompt"])}</span></button></dd>'
        )
    return "".join(items)


#: The recap's words for the answer about risk (its IDs are public and stable: spec, "Context").
_RISK_RECAP = {
    "yes": "a concern about harm, or not sure",
    "no": "no current concern about harm",
    "not-stated": "risk not stated",
}


def _lower_first(text: str) -> str:
    """A label inside a sentence: "A patient…" becomes "a patient…"; "I…" and "DNA…" stay as they are."""
    first = text.split(" ", 1)[0]
    return text if first == "I" or first[1:] != first[1:].lower() else text[:1].lower() + text[1:]


def _recap(view: View) -> str:
    """One line before the result: what was noted, risk and phase first, then the signs chosen."""
    result = _result_of(view)
    skip = {"risk", "phase", *result.get("followups", {})}
    noted = [_RISK_RECAP.get(result["risk"], result["risk"])]
    answers = view.get("answers", [])
    noted += [_lower_first(label) for a in answers if a["question"] == "phase" for label in a["answers"]]
    # The signs in their short words (the view's "noted"), so that the line stays one line.
    signs = list(result.get("noted", [])) or [
        _lower_first(label)
        for a in answers
        if a["question"] not in skip and a["answers"] != ["None of these"]
        for label in a["answers"]
    ]
    noted += signs or ["none of the signs listed"]
    return f'<p class="guide-recap"><strong>You noted:</strong> {_e("; ".join(noted))}.</p>'


def _exclusive_group(group: GroupView) -> str:
    """Signs that exclude each other, as one choice: radio buttons, the first meaning none of them."""
    legend_id = f"guide-group-{_e(group['id'])}"
    options = [
        '<label class="guide-choice"><input type="radio" name="answer" value="none" checked>'
        f"<span>{_e(group['none_label'])}</span></label>"
    ]
    for answer in group["answers"]:
        options.append(
            f'<label class="guide-choice"><input type="radio" name="answer" value="{_e(answer["value"])}">'
            f"<span>{_e(answer['label'])}</span></label>"
        )
    return (
        f'<fieldset class="guide-choices guide-choices--one" data-group="{_e(group["id"])}" '
        f'aria-labelledby="{legend_id}"><legend class="guide-group__legend" id="{legend_id}">'
        f"{_e(group['prompt'])} Choose one.</legend>{''.join(options)}</fieldset>"
    )


def _marked(text: str) -> str:
    """Escape a text, marking each blank in [square brackets] for the reader to fill in."""
    out, rest = [], text
    while "[" in rest and "]" in rest[rest.index("[") :]:
        start = rest.index("[")
        end = rest.index("]", start)
        out.append(_e(rest[:start]))
        out.append(f'<mark class="phrasing__blank">{_e(rest[start : end + 1])}</mark>')
        rest = rest[end + 1 :]
    out.append(_e(rest))
    return "".join(out)


def _copyable(phrasing: PhrasingView | SafetyMessageView, what: str = "phrasing", *, labelled: bool = True) -> str:
    """A phrasing with its Copy button; one not for the room says where it goes (rule 15)."""
    label = CHANNEL_LABELS.get(phrasing["channel"], "") if labelled else ""
    channel = f'<span class="phrasing__channel">{_e(label)}: </span>' if label else ""
    return (
        f'<li class="phrasing" data-channel="{_e(phrasing["channel"])}">{channel}'
        f'<q class="phrasing__text">{_marked(phrasing["text"])}</q>'
        '<button type="button" class="phrasing__copy" data-action="copy" '
        f'aria-label="Copy this {what}">Copy</button></li>'
    )


def _phrasings(phrasings: list[PhrasingView], extra_class: str = "") -> str:
    items = "".join(_copyable(phrasing) for phrasing in phrasings)
    return f'<ul class="phrasings{extra_class}">{items}</ul>'


def _avoid(item: InterventionView) -> str:
    """The "don't say" lines: shown as words to avoid, with why, never with a Copy button."""
    if not item.get("avoid"):
        return ""
    lines = "".join(
        f'<li><span class="guide-avoid__text">“{_e(a["text"])}”</span> {_e(a["why"])}</li>' for a in item["avoid"]
    )
    return f'<p class="guide-more__title">Don’t say:</p><ul class="guide-avoid">{lines}</ul>'


def evidence_html(evidence: list[EvidenceView], root: str) -> str:
    """What a step rests on (the source text, clinical consensus, research), each citation linked.

    Shared with the reference pages' sections (built from the same data), which carry it the same way.
    """
    if not evidence:
        return ""
    bases = " ".join(dict.fromkeys(e["basis"] for e in evidence))
    named: list[str] = []
    for e in evidence:
        words = EVIDENCE_BASES.get(str(e["basis"]), str(e["basis"]))
        cite = f'<a href="{_e(root + e["url"])}">{_e(e["cite"])}</a>' if e["url"] else _e(e["cite"])
        named.append(f"{words}: {cite}" if e["cite"] else words)
    return f'<p class="guide-evidence" data-evidence="{_e(bases)}"><strong>Rests on:</strong> {"; ".join(named)}.</p>'


def _more(item: InterventionView, url: str, phrasings: list[PhrasingView] | None = None, root: str = "../") -> str:
    """Everything about a step beyond the glance, behind one disclosure: how, phrasings, don't say, pitfalls, why.

    ``phrasings``: those not already shown at a glance (all of them when none was).
    """
    parts = [
        f'<details class="guide-more"><summary>More<span class="visually-hidden"> on {_e(item["title"])}: '
        "how, phrasings, what not to say, pitfalls, why</span></summary>",
        f'<p class="guide-how">{_e(item["how"])}</p>',
    ]
    glance = item.get("glance_notes", item["notes"])
    parts += [f'<p class="guide-note">{_e(n)}</p>' for n in item["notes"] if n not in glance]
    more = item["phrasings"][1:] if phrasings is None else phrasings
    if more:
        lead = "You might also say:" if len(more) < len(item["phrasings"]) else "You might say:"
        parts.append(f'<p class="guide-more__title">{lead}</p>{_phrasings(more)}')
    parts.append(_avoid(item))
    if item["pitfalls"]:
        pitfalls = "".join(f"<li>{_e(p)}</li>" for p in item["pitfalls"])
        parts.append(f'<p class="guide-more__title">Pitfalls:</p><ul class="guide-pitfalls">{pitfalls}</ul>')
    why = " ".join(item["why"])
    parts.append(f'<p class="guide-why-step"><strong>Why:</strong> {_e(why)}</p>')
    parts.append(evidence_html(item.get("evidence", []), root))
    parts.append(f'<p class="guide-read-more"><a href="{url}">Read more: {_e(item["title"])}</a></p></details>')
    return "".join(parts)


#: How much of a step shows at a glance (a result is read in under a minute, often on a phone):
#: "lead" its action and the phrasing to lead with (the step to take next), "action" its action,
#: "title" only its title (the rupture's steps while a risk comes first). Notes that must not be
#: missed always show; the rest of a step waits behind its disclosure.
GlanceMode = Literal["lead", "action", "title"]


def _step(
    item: InterventionView,
    root: str,
    *,
    glance: GlanceMode = "lead",
    tag: str = "li",
    heading: str = "h4",
    heading_attrs: str = "",
) -> str:
    """A step at a glance (its title; as ``glance`` says, its action and lead phrasing); the rest behind "More"."""
    url = _e(root + item["url"])
    notes = "".join(f'<p class="guide-note">{_e(n)}</p>' for n in item.get("glance_notes", item["notes"]))
    # A step shown by its title still prints its action (the printed summary has no disclosures).
    shown = "guide-action" if glance != "title" else "guide-action guide-action--print"
    action = f'<p class="{shown}">{_e(item["action"])}</p>'
    lead = item["phrasings"][:1] if glance == "lead" else []
    first = _phrasings(lead, " phrasings--lead") if lead else ""
    return (
        f'<{tag} class="guide-intervention" data-intervention="{_e(item["id"])}" data-glance="{glance}">'
        f'<{heading} class="guide-step__title"{heading_attrs}><a href="{url}">{_e(item["title"])}</a></{heading}>'
        f"{action}{notes}{first}{_more(item, url, item['phrasings'][len(lead) :], root)}</{tag}>"
    )


def _safety_message(message: SafetyMessageView | None) -> str:
    """Rule 14: the message for a patient at risk who is not in the room, at a glance, its blanks listed."""
    if not message:
        return ""
    blanks = "".join(f"<li>{_e(blank)}</li>" for blank in message["placeholders"])
    return (
        '<div class="guide-safety-message">'
        '<p class="guide-more__title">A message to send now</p>'
        f'<ul class="phrasings phrasings--lead">{_copyable(message, "message", labelled=False)}</ul>'
        f'<p class="guide-blanks">Fill in before sending:</p><ul class="guide-blanks__list">{blanks}</ul>'
        f'<p class="guide-note">{_e(message["beside"])}</p></div>'
    )


def result_html(view: View, root: str) -> str:
    """A result at a glance: the level (after the safety step when there is a risk), the steps, what to keep doing.

    At first each step shows its title and one-line action, the step to take next its words too,
    and while a risk comes first the rupture's steps show by title only; the rest of each step
    opens on request, and everything is open in print.
    """
    result = _result_of(view)
    safety = "true" if result["safety"] else "false"
    items = result["interventions"]
    steps = [i for i in items if not i["standing"] and not i["safety"]]
    keep = [i for i in items if i["standing"]]
    level_link = f'<a href="{_e(root + result["level_url"])}">More on this level</a>'
    parts = [
        f'<section class="guide-result" data-level="{_e(result["level"])}" data-safety="{safety}" '
        'aria-labelledby="guide-result-title">'
    ]
    if result["safety"]:
        # Rule 12: a safety result opens with the safety step; the level is what follows once safety is addressed.
        first = next(i for i in items if i["safety"])
        title_attrs = ' id="guide-result-title" tabindex="-1"'
        flagged = (
            "Risk was not stated" if result["risk"] == "not-stated" else "You flagged a current concern about harm"
        )
        message = result.get("safety_message")
        # With a message to send, that message is the words at a glance; the live lines wait behind "More".
        safety_glance: GlanceMode = "action" if message else "lead"
        parts.append(
            '<div class="admonition danger guide-safety" role="note">'
            f'<p class="admonition-title">{flagged}</p>'
            + _step(first, root, glance=safety_glance, tag="div", heading="h2", heading_attrs=title_attrs)
            + _safety_message(message)
            + "</div>"
            f'<p class="guide-level-then guide-level-badge--{_e(result["level"])}">Once safety is addressed: '
            f"<strong>{_e(result['level_title'])}</strong>. {level_link}.</p>"
        )
    else:
        parts.append(
            f'<p class="guide-level-badge guide-level-badge--{_e(result["level"])}">Recommendation</p>'
            f'<h2 id="guide-result-title" tabindex="-1">{_e(result["level_title"])}</h2>'
            f'<p class="guide-level-summary">{_e(result["level_summary"])} {level_link}.</p>'
        )
    for note in result["notes"]:
        parts.append(f'<p class="guide-note guide-note--result">{_e(note)}</p>')
    if steps:
        title = "Then, in this order" if result["safety"] else "What to do, in this order"
        parts.append(f'<h3 id="guide-what-to-do">{title}</h3><ol class="guide-interventions">')
        # While safety comes first, the rupture's steps show by title; otherwise each its action, and
        # the first, the step to take next, its words too.
        first_mode: GlanceMode = "title" if result["safety"] else "lead"
        later_mode: GlanceMode = "title" if result["safety"] else "action"
        modes = [first_mode] + [later_mode] * (len(steps) - 1)
        parts += [_step(item, root, glance=mode) for item, mode in zip(steps, modes, strict=True)]
        parts.append("</ol>")
    else:
        parts.append('<p class="guide-no-steps">No step of its own: keep doing the practices below.</p>')
    parts.append(f'<h3 id="guide-keep-doing">{_e(result["keep_doing_heading"])}</h3><ul class="guide-keep-doing">')
    for item in keep:
        url = _e(root + item["url"])
        parts.append(
            f'<li class="guide-intervention guide-intervention--standing" data-intervention="{_e(item["id"])}">'
            f'<p class="guide-keep-line"><a href="{url}">{_e(item["title"])}</a></p>'
            f"{_more(item, url, phrasings=item['phrasings'], root=root)}</li>"
        )
    parts.append("</ul>")
    answers = _answers_summary(view)
    reasons = "".join(f"<li>{_e(line)}</li>" for line in result["rationale"])
    parts.append(
        '<details class="guide-why"><summary>Why this recommendation</summary>'
        f'<h3 id="guide-your-answers">Your answers</h3><dl class="guide-answers-summary">{answers}</dl>'
        f'<h3 id="guide-how-they-led">How they led here</h3><ul class="guide-rationale">{reasons}</ul></details>'
    )
    parts.append(_nav(view, result=True))
    # Issue 23: the same answers, as a consultation card and a note for the record (consult.py).
    parts.append(
        f'<p class="guide-consult-link"><a class="md-button" href="{_e(root)}guide/consult/#{_e(view["fragment"])}">'
        "Prepare for supervision</a></p>"
    )
    # Print only: a header that says what the sheet is (print CSS moves it to the top; the edition comes
    # from the guide page's --guide-edition, which the build sets), and a closing line.
    parts.append(
        '<header class="guide-print-header"><p class="guide-print-header__site">The rupture guide</p>'
        '<p class="guide-print-header__title">Decision guide summary</p>'
        '<p class="guide-print-header__meta"><span class="guide-print-header__edition"></span> '
        "<span data-print-date></span></p></header>"
        '<p class="guide-print-meta">This summary supports, and never replaces, your clinical judgment, '
        "supervision and your service's safety protocol. <span data-print-address></span></p>"
    )
    parts.append("</section>")
    return _recap(view) + "".join(parts)
