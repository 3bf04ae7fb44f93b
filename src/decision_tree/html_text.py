"""The one escape function for every HTML the engine and the build write (guide, practice, consult).

Written out rather than imported from ``html``: that module's entity tables are slow to import in
the browser (Pyodide). It escapes exactly what ``html.escape(text, quote=True)`` escapes, the
apostrophe included, so a text is safe in an element and in a quoted attribute either way.
"""

from __future__ import annotations


def escape(text: object) -> str:
    """``text`` as HTML: ``&``, ``<``, ``>``, ``"`` and ``'`` escaped, as ``html.escape`` does."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )
