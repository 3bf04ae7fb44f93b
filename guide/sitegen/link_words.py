"""The words of a shared link, for the guide page to show while its engine starts.

A link such as ``#risk=no&phase=ongoing&signs=dropout`` opens on its result, which the engine
works out once it runs; until then the page shows what the link holds, in words, rather than the
first question. This writes the table it reads them from (``guide/js/link-words.mjs``): each key
of a link with a title, and each of its values with its label, all from the tree. It holds no
decision: what the answers lead to is the engine's to say.
"""

from __future__ import annotations

import json
from html import escape

from decision_tree.model import SIGNS_KEY, Tree

#: What a link's ``signs`` key is called, and an answer of "none of these".
SIGNS_TITLE = "What you noticed"
NONE_WORDS = "None of these"


def link_words(tree: Tree) -> dict[str, object]:
    """``{"keys": {key: title}, "values": {key: {value: label}}, "none": …}`` for every key a link may hold."""
    keys: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for question in tree.questions.values():
        keys[question.id] = question.prompt
        values[question.id] = {a.value: a.label for a in question.answers}
    keys[SIGNS_KEY] = SIGNS_TITLE
    values[SIGNS_KEY] = {sign.id: sign.label for sign in tree.signs.values()}
    return {"keys": keys, "values": values, "none": NONE_WORDS}


def link_words_script(tree: Tree) -> str:
    """The table as JSON in a hidden element's attribute, which the page's script reads.

    Not a ``<script type="application/json">``: Material's instant navigation re-inserts the
    scripts of a page it shows, and a data block re-inserted that way counts as an inline script
    under the site's Content-Security-Policy.
    """
    data = json.dumps(link_words(tree), ensure_ascii=False, separators=(",", ":"))
    return f'<div id="guide-link-words" data-words="{escape(data, quote=True)}" hidden></div>'
