"""What a result says, gathered for the checks of rules 14 and 15 (not a test module: no tests here)."""

from __future__ import annotations

from decision_tree.engine import Result

from .spec import FORBIDDEN_WITH_RISK


def every_text(result: Result) -> list[str]:
    """Every text the result can show, at a glance, behind a disclosure, in print or on the command line."""
    texts = [result.level_reason, *result.notes, *result.rationale, *result.withheld]
    if result.safety_message is not None:
        texts += [result.safety_message.text, result.safety_message.beside]
    for item in result.interventions:
        texts += [item.action, item.how, *item.pitfalls, *item.notes, *item.reasons]
        texts += [p.text for p in item.phrasings]
    return texts


def forbidden_with_risk(result: Result) -> list[str]:
    """Rule 14: what a result with a risk says that it must never say, as "what it does: the text"."""
    found = []
    for text in every_text(result):
        lowered = text.lower()
        for what, words in FORBIDDEN_WITH_RISK.items():
            found += [f"{what}: {text}" for word in words if word in lowered]
    return found
