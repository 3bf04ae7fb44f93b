"""The printed report: one table per section that ran, and the notes under them."""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence

from tools.bench.common import (
    BYTES_RATIO,
    CLICK_P95_MS,
    FIRST_QUESTION_MS,
    GUIDE_PATH,
    PYODIDE_DIR,
    READY_RATIO,
    RUNTIME_FILES,
)
from tools.bench.figures import Figures, LighthouseRun, NetworkLoad
from tools.bench.formatting import failure_count, median, ms, p95, pick, ratio, size, table, times, verdict
from tools.bench.lighthouse import DESKTOP_SCORE, MOBILE_LCP_RATIO, MOBILE_SCORE_MARGIN, PRESETS
from tools.bench.network import LINK_RATIO, PROFILES, SLOW_4G
from tools.bench.paint import MIN_PAINT_RUNS, PAINT_PAGES, PAINT_RATIO
from tools.bench.visits import REPEAT_RATIO


def timing_rows(figures: Figures) -> list[list[str]]:
    """Page-load figures: first question, engine ready against the baselines, LCP of a content page."""

    def both(kind: str, attribute: str) -> tuple[float | None, float | None]:
        return pick(figures.loads, kind, "cold", attribute), pick(figures.loads, kind, "warm", attribute)

    question, fcp, lcp = both("guide", "question_ms"), both("guide", "fcp_ms"), both("content", "lcp_ms")
    guide, bare, main_thread = both("guide", "ready_ms"), both("bare-worker", "ready_ms"), both("bare-main", "ready_ms")
    engine_alone = both("bare-engine", "ready_ms")
    search_now = both("guide-search-now", "ready_ms")
    search_now_ratios = ratio(search_now[0], bare[0]), ratio(search_now[1], bare[1])
    ratios = ratio(guide[0], bare[0]), ratio(guide[1], bare[1])
    engine_share = ratio(engine_alone[0], bare[0]), ratio(engine_alone[1], bare[1])
    page_share = ratio(guide[0], engine_alone[0]), ratio(guide[1], engine_alone[1])
    question_ok = None if question[0] is None else question[0] <= FIRST_QUESTION_MS
    failures = [failure_count(figures.loads, "guide", mode) for mode in ("cold", "warm")]
    engine_message = both("guide", "worker_ready_ms")
    ratio_ok = None if None in ratios else all(r is not None and r <= READY_RATIO for r in ratios)
    return [
        ["Metric (median of runs)", "Cold", "Warm", "Target", "Result"],
        ["First question visible (guide/)", *map(ms, question), f"≤ {FIRST_QUESTION_MS:.0f} ms cold",
         verdict(question_ok)],
        ["  first contentful paint (guide/)", *map(ms, fcp), "", ""],
        ["  first frame with the question laid out", *map(ms, both("guide", "question_frame_ms")), "", ""],
        ["Engine ready: guide/ (data-platform)", *map(ms, guide), "", ""],
        ["  engine's own 'ready' message", *map(ms, engine_message), "", ""],
        ["  loads where the guide gave up", *(f"{k}/{n}" for k, n in failures), "0 cold and warm",
         verdict(not any(k for k, _ in failures))],
        ["  worker created (guide/)", *map(ms, both("guide", "worker_ms")), "", ""],
        ["Ready: bare Pyodide, module worker", *map(ms, bare), "", ""],
        ["  worker created (bare)", *map(ms, both("bare-worker", "worker_ms")), "", ""],
        ["Ready: the guide's worker.mjs, bare page", *map(ms, engine_alone), "", ""],
        ["Ready: bare Pyodide, main thread", *map(ms, main_thread), "", ""],
        ["Engine ready ratio guide / bare worker", *map(times, ratios), f"≤ {READY_RATIO:.2f} cold and warm",
         verdict(ratio_ok)],
        ["  engine's share: guide's worker, bare page / bare", *map(times, engine_share), "(information)", ""],
        ["  page's share: guide / guide's worker, bare page", *map(times, page_share), "(information)", ""],
        ["Ready: guide/ with Material's search at once", *map(ms, search_now), "(before issue 20)", ""],
        ["  its ratio to the bare worker", *map(times, search_now_ratios), "(information)", ""],
        [f"LCP of {figures.lcp_page} ({size(figures.lcp_page_bytes)})", *map(ms, lcp), "(information)", ""],
    ]  # fmt: skip


def click_rows(figures: Figures) -> list[list[str]]:
    """Click latency: answers (with the target), and "Start over" for information."""
    rows = [["Click to next view (engine ready)", "Median", "p95", "Max", "Target", "Result"]]
    answers = [c for c in figures.clicks if c.kind != "restart"]
    restarts = [c for c in figures.clicks if c.kind == "restart"]

    def spread(values: Sequence[float]) -> list[str]:
        return [ms(statistics.median(values)), ms(p95(values)), ms(max(values))]

    if answers:
        dom = [c.dom_ms for c in answers]
        rows += [
            [f"Answer → next form/result in DOM ({len(dom)})", *spread(dom), f"p95 ≤ {CLICK_P95_MS:.0f} ms",
             verdict(p95(dom) <= CLICK_P95_MS)],
            ["  same, until the next animation frame", *spread([c.frame_ms for c in answers]), "(information)", ""],
        ]  # fmt: skip
    back_to_back = [c.dom_ms for c in figures.clicks_back_to_back if c.kind != "restart"]
    if back_to_back:
        rows.append(["  same, each click as the last view reaches the DOM", *spread(back_to_back), "(information)", ""])
    if restarts:
        dom = [c.dom_ms for c in restarts]
        rows.append([f"Start over → first question in DOM ({len(dom)})", *spread(dom), "(information)", ""])
    return rows


def bytes_rows(figures: Figures) -> list[list[str]]:
    """Bytes of the guide and of a content page against the Pyodide runtime alone."""
    runtime_raw, runtime_gz = figures.runtime_raw_bytes, figures.runtime_gzip_bytes
    rows = [
        ["Bytes (one cold load)", "Requests", "Raw", "gzip -6", "Target", "Result"],
        [f"Pyodide runtime as published ({len(RUNTIME_FILES)} files)", "", size(runtime_raw), size(runtime_gz), "", ""],
    ]
    guide, content = figures.guide_transfer, figures.content_transfer
    if guide:
        raw_ratio, gz_ratio = guide.raw_bytes / runtime_raw, guide.gzip_bytes / runtime_gz
        rows += [
            [f"{guide.path} until engine ready", str(guide.requests), size(guide.raw_bytes), size(guide.gzip_bytes),
             "", ""],
            ["  guide / runtime", "", times(raw_ratio, 3), times(gz_ratio, 3), f"≤ {BYTES_RATIO:.2f} (both)",
             verdict(raw_ratio <= BYTES_RATIO and gz_ratio <= BYTES_RATIO)],
        ]  # fmt: skip
    if content:
        pyodide = content.pyodide_requests
        rows += [
            [f"{content.path} (content page)", str(content.requests), size(content.raw_bytes),
             size(content.gzip_bytes), "", ""],
            [f"  of which under {PYODIDE_DIR}/", str(len(pyodide)), size(content.pyodide_bytes), "", "0 bytes",
             verdict(not pyodide)],
        ]  # fmt: skip
    return rows



def glance_rows(figures: Figures) -> list[list[str]]:
    g = figures.glance
    if not g:
        return [["Result at a glance", "", "", "", "no outcomes found", ""]]
    return [
        ["Result at a glance: visible words", "min", "median", "p90 / max", "target", ""],
        [f"  over {int(g['outcomes'])} outcomes of the pathways page", f"{g['min']:.0f}", f"{g['median']:.0f}",
         f"{g['p90']:.0f} / {g['max']:.0f}", "median <= 200, max <= 300",
         verdict(g["median"] <= 200 and g["max"] <= 300)],
    ]  # fmt: skip


def network_rows(figures: Figures) -> list[list[str]]:
    """Cold loads under network emulation, one column per profile."""

    def of(profile: str, kind: str) -> list[NetworkLoad]:
        return [load for load in figures.network if load.profile == profile and load.kind == kind]

    def column(kind: str, attribute: str) -> list[float | None]:
        return [median([getattr(load, attribute) for load in of(p.name, kind)]) for p in PROFILES]

    def kilobytes(kind: str, attribute: str) -> list[str]:
        return [("n/a" if value is None else size(int(value))) for value in column(kind, attribute)]

    bare, link, ready = column("bare", "ready_ms"), column("guide-link", "result_ms"), column("guide-link", "ready_ms")
    ratios = [ratio(a, b) for a, b in zip(link, bare, strict=True)]
    slow = ratios[PROFILES.index(SLOW_4G)]
    failures = [sum(1 for load in of(p.name, k) if load.failed) for p in PROFILES for k in ("bare", "guide-link")]
    shown = [sum(1 for load in of(p.name, "guide-link") if load.error_shown) for p in PROFILES]
    starts = sorted({load.engine_start or "n/a" for load in figures.network if load.kind == "guide-link"})
    names = [f"{p.name} ({p.download_bps * 8 / 1e6:.2f} Mb/s, {p.latency_ms:g} ms)" for p in PROFILES]
    return [
        [f"Network, cold, gzip (median of {figures.network_runs})", *names, "Target", "Result"],
        ["Bare runtime ready (bench-bare/, module worker)", *map(ms, bare), "", ""],
        ["Guide: engine ready (guide/ from a shared link)", *map(ms, ready), "", ""],
        ["Guide: shared link's result shown (engine-rendered)", *map(ms, link), "", ""],
        ["Ratio shared-link result / bare runtime", *map(times, ratios), f"≤ {LINK_RATIO:.2f} on {SLOW_4G.name}",
         verdict(None if slow is None else slow <= LINK_RATIO)],
        ["Bytes received, bare (CDP encodedDataLength)", *kilobytes("bare", "wire_bytes"), "", ""],
        ["Bytes received, guide link (CDP)", *kilobytes("guide-link", "wire_bytes"), "", ""],
        ["  of which by workers (engine, search, service worker)", *kilobytes("guide-link", "worker_wire_bytes"), "",
         ""],
        ["Body bytes the server wrote: bare / guide link",
         *(f"{a} / {b}" for a, b in zip(kilobytes("bare", "server_bytes"), kilobytes("guide-link", "server_bytes"),
                                        strict=True)), "", ""],
        ["Engine start path (guide link)", *([", ".join(starts)] * len(PROFILES)), "", ""],
        ["Failed loads (bare + guide link)",
         *(f"{failures[2 * i] + failures[2 * i + 1]}" for i in range(len(PROFILES))), "0", ""],
        ["Guide loads that showed an error on the way", *(f"{shown[i]}/{len(of(p.name, 'guide-link'))}"
                                                        for i, p in enumerate(PROFILES)), "0", ""],
    ]  # fmt: skip


def visit_rows(figures: Figures) -> list[list[str]]:
    """First and repeat visit of guide/: engine ready, the ratio, and how the repeat visit started."""
    visits = figures.visits
    first = median([v.first_ms for v in visits])
    repeat = median([v.repeat_ms for v in visits])
    share = ratio(repeat, first)

    def listed(values: list[str | None]) -> str:
        return ", ".join(sorted({value or "n/a" for value in values}))

    workers = sum(1 for v in visits if v.service_worker)
    controlled = sum(1 for v in visits if v.controlled)
    return [
        [f"First and repeat visit of {GUIDE_PATH} (median of {len(visits)})", "Value", "Target", "Result"],
        ["Engine ready, first visit (fresh context)", ms(first), "", ""],
        ["Engine ready, repeat visit (same context)", ms(repeat), "", ""],
        ["Ratio repeat / first", times(share), f"≤ {REPEAT_RATIO:.2f}",
         verdict(None if share is None else share <= REPEAT_RATIO)],
        ["Start path, first visit (data-engine-start)", listed([v.first_start for v in visits]), "", ""],
        ["Start path, repeat visit (data-engine-start)", listed([v.repeat_start for v in visits]), "", ""],
        ["Service worker registered / repeat page controlled", f"{workers}/{len(visits)} / {controlled}/{len(visits)}",
         "", ""],
        ["Offline copy ready (data-offline-ready)", listed([v.offline_ready for v in visits]), "", ""],
        ["Failed visits", str(sum(1 for v in visits if v.failed)), "0", ""],
    ]  # fmt: skip


def paint_rows(figures: Figures) -> list[list[str]]:
    """First contentful paint of the engine's pages against the plain Material page (issue 20)."""

    def of(kind: str, attribute: str) -> float | None:
        return median([getattr(paint, attribute) for paint in figures.paints if paint.kind == kind])

    runs = min((sum(1 for p in figures.paints if p.kind == kind) for kind in PAINT_PAGES), default=0)
    plain = of("plain", "fcp_ms")
    rows = [[f"First contentful paint, cold (median of {runs})", "FCP", "LCP at load", "Target", "Result"]]
    rows.append([f"Plain Material page ({PAINT_PAGES['plain']})", ms(plain), ms(of("plain", "lcp_ms")), "", ""])
    for kind in ("guide", "practice"):
        rows.append([PAINT_PAGES[kind], ms(of(kind, "fcp_ms")), ms(of(kind, "lcp_ms")), "", ""])
    for kind in ("guide", "practice"):
        share = ratio(of(kind, "fcp_ms"), plain)
        ok = None if share is None else share <= PAINT_RATIO and runs >= MIN_PAINT_RUNS
        rows.append([f"  FCP ratio {PAINT_PAGES[kind]} / plain", times(share), "",
                     f"≤ {PAINT_RATIO:.2f} ({MIN_PAINT_RUNS}+ runs)", verdict(ok)])  # fmt: skip
    return rows


def lighthouse_rows(figures: Figures) -> list[list[str]]:
    """Lighthouse's performance score and metrics, medians per page and preset (issue 20)."""

    def runs(kind: str, preset: str) -> list[LighthouseRun]:
        return [r for r in figures.lighthouse if r.kind == kind and r.preset == preset and not r.failed]

    def of(kind: str, preset: str, attribute: str) -> float | None:
        return median([getattr(r, attribute) for r in runs(kind, preset)])

    def score(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    count = max((len(runs(k, p)) for k in PAINT_PAGES for p in PRESETS), default=0)
    rows = [[f"Lighthouse {figures.lighthouse_version} (median of {count})", "Score", "FCP", "LCP", "TBT", "CLS",
             "Target", "Result"]]  # fmt: skip
    for preset in PRESETS:
        for kind, path in PAINT_PAGES.items():
            if kind == "plain" and preset == "desktop":  # not run: see lighthouse.py
                continue
            cls = of(kind, preset, "cls")
            rows.append([f"{preset}: {path}", score(of(kind, preset, "score")), ms(of(kind, preset, "fcp_ms")),
                         ms(of(kind, preset, "lcp_ms")), ms(of(kind, preset, "tbt_ms")),
                         "n/a" if cls is None else f"{cls:.3f}", "", ""])  # fmt: skip
    plain_score, plain_lcp = of("plain", "mobile", "score"), of("plain", "mobile", "lcp_ms")
    for kind in ("guide", "practice"):
        path = PAINT_PAGES[kind]
        desktop = of(kind, "desktop", "score")
        rows.append([f"  desktop score, {path}", score(desktop), "", "", "", "", f"≥ {DESKTOP_SCORE:.2f}",
                     verdict(None if desktop is None else desktop >= DESKTOP_SCORE)])  # fmt: skip
        mobile = of(kind, "mobile", "score")
        gap = None if mobile is None or plain_score is None else plain_score - mobile
        gap_ok = None if gap is None else gap <= MOBILE_SCORE_MARGIN + 1e-9
        rows.append([f"  mobile score, {path}, below the plain page's", score(gap), "", "", "", "",
                     f"≤ {MOBILE_SCORE_MARGIN:.2f}", verdict(gap_ok)])  # fmt: skip
        share = ratio(of(kind, "mobile", "lcp_ms"), plain_lcp)
        rows.append([f"  mobile LCP ratio, {path} / plain", times(share), "", "", "", "", f"≤ {MOBILE_LCP_RATIO:.2f}",
                     verdict(None if share is None else share <= MOBILE_LCP_RATIO)])  # fmt: skip
    return rows


def report(figures: Figures, clicks: int) -> str:
    """The whole printed report."""
    built = f"{figures.build_seconds:.1f} s" if figures.build_seconds is not None else "not run (--site given)"
    head = [
        "",
        f"The rupture guide: benchmark ({figures.runs} cold + {figures.runs} warm runs, {clicks} answer clicks)",
        f"Chromium {figures.browser_version}, {os.cpu_count()} CPUs, load average {figures.load_before} before"
        f" and {figures.load_after} after",
        f"mkdocs build --strict: {built}",
        "",
        "",
    ]
    notes = [f"problem: {message}" for message in figures.click_problems]
    cpus = os.cpu_count() or 1
    busiest = max((float(v) for v in (figures.load_before, figures.load_after) if v not in ("", "n/a")), default=0.0)
    if busiest > cpus:
        notes.append(
            f"warning: load average {busiest:.1f} on {cpus} CPUs: other work competed for the CPU, so the"
            " timings are noisy and pessimistic; compare runs made on an idle machine"
        )
    failures = sorted({f"{load.kind} ({load.mode}): {load.failed}" for load in figures.loads if load.failed})
    notes += [f"failed load: {failure}" for failure in failures]
    for transferred in (figures.guide_transfer, figures.content_transfer):
        if transferred and transferred.engine_failed:
            notes.append(f"note: the engine failed while counting the bytes of {transferred.path}")
        if transferred and transferred.duplicates:
            notes.append(f"note: {transferred.path} requested some files more than once: {transferred.duplicates}")
    if figures.lcp_element:
        notes.append(f"note: the LCP element of {figures.lcp_page} is <{figures.lcp_element}>")
    notes += [f"network: {note}" for note in figures.network_notes]
    notes += [f"visits: {note}" for note in figures.visit_notes]
    notes += sorted({f"paint: the LCP element of {PAINT_PAGES[p.kind]} at load is <{p.lcp_element}>"
                     for p in figures.paints if p.lcp_element})
    notes += sorted({f"lighthouse: the LCP element of {PAINT_PAGES[r.kind]} ({r.preset}) is {r.lcp_element}"
                     for r in figures.lighthouse if r.lcp_element})
    notes += sorted({f"lighthouse: a {r.preset} run of {PAINT_PAGES[r.kind]} failed: {r.failed}"
                     for r in figures.lighthouse if r.failed})
    notes += sorted({f"failed visit: {visit.failed}" for visit in figures.visits if visit.failed})
    notes += sorted({f"failed {load.profile} load of {load.kind}: {load.failed}" for load in figures.network
                     if load.failed})
    notes += sorted({f"{load.profile}: the guide showed, before its result: {load.error_shown}"
                     for load in figures.network if load.error_shown})
    notes += sorted({f"{load.profile}: {load.kind} fetched some files twice (compare the bytes): {load.duplicates}"
                     for load in figures.network if load.duplicates})
    notes += sorted({f"network: bytes counted in {', '.join(load.worker_types)} targets too"
                     for load in figures.network if load.worker_types})
    sections = {
        "loads": timing_rows,
        "clicks": click_rows,
        "bytes": bytes_rows,
        "glance": glance_rows,
        "network": network_rows,
        "visits": visit_rows,
        "paint": paint_rows,
        "lighthouse": lighthouse_rows,
    }
    blocks = [table(rows(figures)) for name, rows in sections.items() if name in figures.sections]
    return "\n".join(head) + "\n\n".join(blocks) + ("\n\n" + "\n".join(notes) if notes else "") + "\n"

