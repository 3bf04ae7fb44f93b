"""What a reader sees of a guide result at first: its words with every disclosure closed.

The guide shows a result as its level, the steps for the situation (title, one-line
action, one phrasing) and what to keep doing; everything else waits behind a
``<details>`` disclosure. This counts the words on screen before any is opened:
text inside a closed ``<details>`` counts only for its ``<summary>``; text that is
visually hidden (for screen readers) or print-only does not count.
"""

from __future__ import annotations

from html.parser import HTMLParser
from statistics import median

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: Classes whose text is not on screen: for screen readers only, or for print only.
OFF_SCREEN = {"visually-hidden", "guide-print-meta", "guide-print-header", "guide-action--print"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        closed_details = tag == "details" and "open" not in dict(attrs)
        self.stack.append((tag, closed_details or bool(classes & OFF_SCREEN)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for index, (tag, hides) in enumerate(self.stack):
            if not hides:
                continue
            # A closed <details> still shows its own <summary>.
            summary_shows = tag == "details" and index + 1 < len(self.stack) and self.stack[index + 1][0] == "summary"
            if not summary_shows:
                return
        self.words += data.split()


def visible_words(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return parser.words


def distribution(counts: list[int]) -> dict[str, float]:
    ordered = sorted(counts)
    return {
        "outcomes": len(ordered),
        "min": ordered[0],
        "median": median(ordered),
        "p90": ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))],
        "max": ordered[-1],
    }
