"""The guide's element, with the first question pre-rendered so that it shows before Python loads."""

from __future__ import annotations

from datetime import date
from html import escape

from decision_tree import render
from decision_tree.views import View


def edition_words(edition: dict[str, object]) -> str:
    """mkdocs.yml's extra.edition as a printed result names it: 'Edition 2.0 of 26 November 2026'."""
    day = date.fromisoformat(str(edition["date"]))
    return f"Edition {edition['version']} of {day.day} {day:%B} {day.year}"


def guide_container(first: View, root: str, edition: str = "") -> str:
    """The guide's element, with the first question pre-rendered so it shows before Python loads.

    ``edition`` goes into the custom property ``--guide-edition``, which a printed result's header shows.
    """
    pathways = "pathways/"
    style = f' style="--guide-edition: &quot;{escape(edition)}&quot;"' if edition else ""
    return (
        f'<div id="decision-guide" class="decision-guide" data-state="question" data-root="{escape(root)}" '
        f'data-pathways="{pathways}"{style}>'
        '<noscript><div class="admonition failure guide-error"><p class="admonition-title">'
        "The interactive guide needs JavaScript</p><p>Everything it recommends is also on the "
        f'<a href="{pathways}">page of all pathways</a>, which works without JavaScript.</p></div></noscript>'
        '<div class="guide-status" role="status" aria-live="polite"></div>'
        '<div class="guide-loading" data-guide-loading hidden>'
        '<progress aria-label="Downloading the guide"></progress>'
        '<span class="guide-loading__text"></span> '
        '<span class="guide-loading__progress" aria-live="polite"></span></div>'
        '<div class="guide-error-box" data-guide-error role="alert" hidden></div>'
        f'<div class="guide-view">{render.view_html(first, root)}</div>'
        "</div>"
    )
