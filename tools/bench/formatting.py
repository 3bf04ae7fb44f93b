"""Formatting for the report: medians and percentiles, ms and byte sizes, verdicts, plain tables."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from tools.bench.figures import Load


def median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def p95(values: Sequence[float]) -> float:
    """95th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def failure_count(loads: Sequence[Load], kind: str, mode: str) -> tuple[int, int]:
    """How many loads of a kind failed, out of how many."""
    chosen = [load for load in loads if load.kind == kind and load.mode == mode]
    return sum(1 for load in chosen if load.failed), len(chosen)


def pick(loads: Sequence[Load], kind: str, mode: str, attribute: str) -> float | None:
    return median([getattr(load, attribute) for load in loads if load.kind == kind and load.mode == mode])


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def size(value: int) -> str:
    return f"{value / 1_000_000:.2f} MB" if value >= 100_000 else f"{value / 1000:.1f} kB"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "PASS" if ok else "MISS"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def times(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def table(rows: Sequence[Sequence[str]]) -> str:
    """A plain text table; the first row is the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


