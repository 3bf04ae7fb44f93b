"""The "Say it" page's HTML: an index of the statements, one card per statement, and a print sheet.

Everything is rendered here, at build time, so that the page works without JavaScript: each card
holds its statement, and under a ``<details>`` its criteria, model answers, "don't say" and
reference link. ``guide/js/say-it.mjs`` only shows one card at a time, reveals its answer and
looks the next level up in the table this module writes into the page (``data-next-level``).

Page contract (docs/guide/practice/say-it.md, tests/browser/test_say_it.py): ``#say-it`` with
``data-state`` "statement" then "reveal"; index entries with ``data-statement`` and
``data-difficulty``. A trainer's link ``#statement=<id>`` opens a statement (guide/js/say-it.mjs);
each card's id is ``statement-<id>``, the anchor its index entry links to, so that the index works
without JavaScript too. No element inside a card has an id of its own (each would be a public
anchor): labels wrap their inputs, and each card's form keeps its own group of ratings.
"""

from __future__ import annotations

import json
import re
from html import escape

from decision_tree.model import Tree
from sitegen.paths import ROOT, SAY_IT_PATH
from sitegen.say_it import LEVELS, RATINGS, SayIt, SayItError, Statement, load_say_it

RATING_WORDS = {"too-easy": "Too easy", "about-right": "About right", "too-hard": "Too hard"}
assert tuple(RATING_WORDS) == RATINGS, "a word for each rating, in the loader's order"
CONTACT_WORDS = {"room": "In the room", "message": "By message", "phone": "On the phone"}
DOCS = ROOT / "docs"


def section_title(address: str) -> str:
    """The heading a site address points to ('managing/secondary/#wonder-aloud' -> 'Wonder aloud'),
    read from the page's Markdown; refuses an address whose page or heading does not exist."""
    page, _, anchor = address.partition("#")
    candidates = [DOCS / f"{page.rstrip('/')}.md", DOCS / page / "index.md"]
    source = next((path for path in candidates if path.exists()), None)
    if source is None:
        raise SayItError(f"say-it.toml: reference '{address}': no page '{page}'")
    heading = re.search(rf"^#+ (.+?) \{{#{re.escape(anchor)}\b[^}}]*\}}\s*$", source.read_text(encoding="utf-8"), re.M)
    if heading is None:
        raise SayItError(f"say-it.toml: reference '{address}': no heading with the anchor '#{anchor}'")
    return heading.group(1).strip()


def offered(data: SayIt) -> list[Statement]:
    """The statements in the order the page offers and numbers them: by level, then as in the file."""
    return [s for level in LEVELS for s in data.by_level(level)]


def _quote(text: str) -> str:
    return f"“{escape(text)}”"


def _index(data: SayIt) -> str:
    """The list of every statement, by level; each entry opens its card."""
    parts = [
        f'<details class="say-it-index"><summary>All {len(data.statements)} statements, by level</summary>'
        '<nav aria-label="All statements">'
    ]
    first = 1
    for level in LEVELS:
        parts.append(f'<p class="say-it-index__level">{level.capitalize()}</p><ol start="{first}">')
        first += len(data.by_level(level))
        for s in data.by_level(level):
            parts.append(
                f'<li data-statement="{s.id}" data-difficulty="{s.level}">'
                f'<a href="#statement-{s.id}">{_quote(s.says)}</a></li>'
            )
        parts.append("</ol>")
    return "".join(parts) + "</nav></details>"


def _answer_key(data: SayIt, s: Statement, root: str) -> str:
    """What a card reveals: criteria to tick, model answers, the don't-say, the reference, the rating."""
    criteria = "".join(
        f'<li><label class="say-it-check"><input type="checkbox" name="criterion" value="{key}"> '
        f"{escape(data.criteria[key].text)}</label></li>"
        for key in s.criteria
    )
    models = "".join(f'<li class="model-response">{_quote(model)}</li>' for model in s.models)
    ratings = "".join(
        f'<label class="say-it-rating__choice"><input type="radio" name="difficulty" value="{rating}"> {words}</label>'
        for rating, words in RATING_WORDS.items()
    )
    written = "written replies" if s.contact == "message" else "model answers"
    return (
        '<details class="say-it-card__key"><summary>Criteria and model answers</summary>'
        '<div class="say-it-reveal" tabindex="-1">'
        '<fieldset class="say-it-criteria"><legend>Did your answer do this? Tick for yourself '
        f'<span class="say-it-criteria__source">(from the <a href="{root}observer-checklist/">observer '
        f"checklist</a>)</span></legend><ul>{criteria}</ul></fieldset>"
        f'<p class="say-it-heading">Two or three {written}, of many good ones</p>'
        f'<ol class="say-it-models">{models}</ol>'
        f'<p class="say-it-dont"><strong>Don’t say</strong> {_quote(s.dont_say)} {escape(s.why)}</p>'
        f'<p class="say-it-reference">Read more: <a href="{root}{s.reference}">'
        f"{escape(section_title(s.reference))}</a></p>"
        '<fieldset class="say-it-live say-it-rating"><legend>How hard was this one? Your answer chooses the next '
        f"statement’s level.</legend>{ratings}</fieldset>"
        '<p class="say-it-live"><button type="button" class="md-button md-button--primary" data-action="next">'
        "Next statement</button></p>"
        "</div></details>"
    )


def _card(data: SayIt, s: Statement, number: int, root: str) -> str:
    risk = '<span class="say-it-card__risk">Risk of harm</span> · ' if s.risk else ""
    return (
        f'<li class="say-it-card" id="statement-{s.id}" data-card="{s.id}" data-level="{s.level}">'
        '<form class="say-it-card__form" novalidate>'
        f'<p class="say-it-card__title" tabindex="-1"><span class="say-it-card__level">{s.level.capitalize()}</span> · '
        f"{risk}{CONTACT_WORDS[s.contact]} · Statement {number}</p>"
        f'<p class="say-it-card__context">{escape(s.context)}</p>'
        f'<blockquote class="say-it-card__says"><p>{_quote(s.says)}</p></blockquote>'
        '<div class="say-it-live">'
        '<label class="say-it-answer"><span>Your answer, written here or said aloud. It stays on this page: '
        'nothing is stored or sent.</span><textarea rows="4" spellcheck="true"></textarea></label>'
        '<p><button type="button" class="md-button md-button--primary" data-action="reveal">'
        "Show the criteria and model answers</button></p></div>"
        f"{_answer_key(data, s, root)}</form></li>"
    )


def _patient_sheet(data: SayIt) -> str:
    """For print only: the statements alone, for the person who plays the patient."""
    rows = "".join(
        f'<li><span class="say-it-sheet__meta">{s.level.capitalize()} · {escape(s.context)}</span> '
        f"{_quote(s.says)}</li>"
        for s in offered(data)
    )
    return (
        '<section class="say-it-sheet"><p class="say-it-sheet__title">For the person playing '
        f"the patient: read the statement aloud, in character</p><ol>{rows}</ol></section>"
    )


def say_it_html(data: SayIt, root: str) -> str:
    """The page's element, one line of HTML (a raw block in Markdown must hold no blank line)."""
    first = data.by_level(LEVELS[0])[0]
    cards = "".join(_card(data, s, n, root) for n, s in enumerate(offered(data), start=1))
    next_level = escape(json.dumps(data.next_level, separators=(",", ":")))
    return (
        f'<div id="say-it" class="say-it" data-state="statement" data-statement="{first.id}" '
        f'data-next-level="{next_level}">'
        '<div class="say-it-status visually-hidden" role="status" aria-live="polite"></div>'
        f"{_index(data)}{_patient_sheet(data)}"
        '<p class="say-it-sheet__title say-it-print-only">For the trainee: after answering, compare with the '
        f'criteria and the model answers</p><ol class="say-it-cards">{cards}</ol>'
        "</div>"
    )


def say_it_page_html(tree: Tree, root: str) -> str:
    """The page's element, from say-it.toml checked against the tree (the ``<!-- say-it -->`` marker)."""
    return say_it_html(load_say_it(SAY_IT_PATH, tree), root)
