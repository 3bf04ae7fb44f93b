"""HTML for practice mode's run-time views: the feedback on an answer, and a set's summary.

Beside ``render.py`` (the guide's views), with the same escape function (``html_text.escape``):
every text is escaped here, and the browser only inserts what it gets. A case's form is made at
build time (``guide/sitegen/practice_case.py``). ``root`` is the path from the page to the site's root.
"""

from __future__ import annotations

from collections.abc import Sequence

from .html_text import escape as escape
from .views import PracticeFeedbackView, PracticeItemView, PracticeSummaryView

ALWAYS = (
    "These belong to every case, whatever its level: keep doing them throughout. Choosing one costs nothing; "
    "it earns points only in a case that is about it."
)
MARKS = {
    "matched": "you chose it",
    "missed": "missed",
    "held-back": "held back, defensibly",
    "added": "added",
    "chosen": "you chose it",
}


def _link(item: PracticeItemView, root: str) -> str:
    mark = MARKS.get(item["mark"], "")
    tag = f' <span class="practice-mark" data-mark="{escape(item["mark"])}">({escape(mark)})</span>' if mark else ""
    return f'<a href="{escape(root + item["url"])}">{escape(item["title"])}</a>{tag}'


def _note(item: PracticeItemView) -> str:
    """What is said of one step alone, under the reason it shares with its neighbours."""
    title, note = escape(item["title"]), escape(item["note"])
    return f'<span class="practice-reason practice-note"><strong>{title}:</strong> {note}</span>'


def _items(items: Sequence[PracticeItemView], root: str, empty: str, tag: str = "ul") -> str:
    """Items with their reasons; items next to each other that share a reason share one line of it."""
    if not items:
        return f'<p class="practice-none">{escape(empty)}</p>'
    groups: list[list[PracticeItemView]] = []
    for item in items:
        if groups and groups[-1][-1]["reason"] == item["reason"]:
            groups[-1].append(item)
        else:
            groups.append([item])
    rows = "".join(
        f"<li>{', '.join(_link(item, root) for item in group)}"
        + (f'<span class="practice-reason">{escape(group[0]["reason"])}</span>' if group[0]["reason"] else "")
        + "".join(_note(item) for item in group if item["note"])
        + "</li>"
        for group in groups
    )
    return f'<{tag} class="practice-items">{rows}</{tag}>'


def _score(view: PracticeFeedbackView) -> str:
    if view["failed"]:
        return (
            '<div class="admonition danger practice-failed" role="alert">'
            '<p class="admonition-title">Case not passed: safety was left out</p>'
            "<p>This case flags a current concern about harm, so putting safety first is the one step that "
            "cannot be missed. The case fails whatever else you chose; the rest of the feedback is for "
            "learning, not for points.</p></div>"
        )
    return (
        f'<p class="practice-score"><strong>Score: {view["score"]} out of 100.</strong> '
        f"{escape(view['score_explained'])}</p>"
    )


def feedback_html(
    case_title: str, fragment: str, view: PracticeFeedbackView, position: int, total: int, root: str
) -> str:
    """The feedback: pass or fail, the score, how the guide read the case, the level, each step marked, what next."""
    verdict = "You chose the same level." if view["level_right"] else f"You chose {view['chosen_level_title']}."
    following = (
        '<button type="button" class="md-button md-button--primary" data-practice="next">Next case</button>'
        if position < total
        else '<button type="button" class="md-button md-button--primary" data-practice="summary">'
        "See how the set went</button>"
    )
    guide = f"{escape(root)}guide/#{escape(fragment)}"
    score = "" if view["score"] is None else str(view["score"])
    defensible = f"<h3>Also defensible here</h3>{_items(view['defensible'], root, '')}" if view["defensible"] else ""
    return (
        '<section class="practice-feedback" aria-labelledby="practice-feedback-title">'
        f'<p class="practice-progress">Case {position} of {total}: {escape(case_title)}</p>'
        '<h2 id="practice-feedback-title" class="practice-title" tabindex="-1">How your answer compares</h2>'
        f'<div class="practice-result" data-score="{score}" data-failed="{str(view["failed"]).lower()}" '
        f'data-level="{escape(view["level"])}">{_score(view)}'
        f'<h3>How the guide read the case</h3><p class="practice-reading">{escape(view["reading"])}</p>'
        f'<h3>The level</h3><p>The guide gives <a href="{escape(root + view["level_url"])}">'
        f"{escape(view['level_title'])}</a>. {escape(verdict)} {escape(view['level_reason'])}</p>"
        "<h3>The guide’s steps for this case</h3>"
        f"{_items(view['steps'], root, 'No step of its own: the standing practices are the work.', 'ol')}"
        f"<h3>Steps you added</h3>{_items(view['added'], root, 'None.')}"
        f"{defensible}"
        f"<h3>What always applies</h3><p>{escape(ALWAYS)} {escape(view['keep_doing_heading'])}:</p>"
        f'<ul class="practice-standing">{"".join(f"<li>{_link(i, root)}</li>" for i in view["standing"])}</ul>'
        "</div>"
        f'<div class="practice-nav">{following}'
        '<button type="button" class="md-button" data-practice="restart">Start again</button>'
        f'<a class="md-button" href="{guide}">Open this case in the guide</a></div>'
        "</section>"
    )


def summary_html(view: PracticeSummaryView, root: str) -> str:
    """The end of a set: how many cases, the mean score, any case failed for safety, the steps most often missed."""
    mean = "no case was scored" if view["mean_score"] is None else f"{view['mean_score']} out of 100"
    failed = (
        '<p class="practice-summary-failed"><strong>Not passed, safety left out:</strong> '
        f"{escape('; '.join(view['failed']))}.</p>"
        if view["failed"]
        else ""
    )
    return (
        '<section class="practice-summary" aria-labelledby="practice-summary-title">'
        '<h2 id="practice-summary-title" class="practice-title" tabindex="-1">How the set went</h2>'
        f'<div class="practice-totals" data-cases-done="{view["cases_done"]}" '
        f'data-mean-score="{"" if view["mean_score"] is None else view["mean_score"]}">'
        f"<p>Cases done: {view['cases_done']} of {view['total']}. Mean score: {escape(mean)}"
        " (a case failed for safety has no score).</p>"
        f"{failed}</div>"
        "<h3>Steps you most often missed</h3>"
        f"{_items(view['most_missed'], root, 'None: you missed none of the guide’s steps.')}"
        '<div class="practice-nav"><button type="button" class="md-button md-button--primary" '
        'data-practice="restart">Start again</button></div></section>'
    )
