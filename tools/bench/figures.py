"""What the benchmark records: one dataclass per kind of figure, saved as-is with --json."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Load:
    """One page load's timings, in ms from navigation start (None when not applicable)."""

    kind: str
    mode: str
    question_ms: float | None
    ready_ms: float | None
    fcp_ms: float | None
    lcp_ms: float | None = None
    worker_ms: float | None = None
    worker_ready_ms: float | None = None
    failed: str | None = None
    question_frame_ms: float | None = None
    question_paint_ms: float | None = None
    response_end_ms: float | None = None
    dom_content_loaded_ms: float | None = None


@dataclass
class Click:
    """One click on the guide, timed in the page."""

    kind: str
    question: str | None
    dom_ms: float
    frame_ms: float


@dataclass
class Transfer:
    """What one page load requested, as logged by the server."""

    path: str
    requests: int
    raw_bytes: int
    gzip_bytes: int
    pyodide_requests: list[str]
    pyodide_bytes: int
    duplicates: list[str]
    files: list[str]
    engine_failed: str | None = None


@dataclass
class NetworkLoad:
    """One cold load under network emulation, in ms from navigation start, and its bytes."""

    profile: str
    kind: str  # "bare" (bench-bare/) or "guide-link" (guide/ opened from a shared link)
    ready_ms: float | None
    result_ms: float | None = None
    #: Sum of encodedDataLength (Network.loadingFinished) until the figure was taken: the page's
    #: requests, and the dedicated workers' (seen through Target.setAutoAttach).
    wire_bytes: int = 0
    worker_wire_bytes: int = 0
    wire_requests: int = 0
    #: Body bytes the server wrote until the figure was taken (gzip bodies where it sent gzip).
    server_bytes: int = 0
    engine_start: str | None = None
    failed: str | None = None
    #: A failure the page showed on the way, even if it recovered (the guide's start-up timeout).
    error_shown: str | None = None
    #: Paths the server sent more than once during the load (a service worker's copy, for one).
    duplicates: list[str] = field(default_factory=list)
    #: Kinds of the targets attached to count their bytes ("worker", "service_worker").
    worker_types: list[str] = field(default_factory=list)


@dataclass
class Visit:
    """A first visit of guide/ in a fresh context and a repeat visit in the same one."""

    first_ms: float | None
    repeat_ms: float | None = None
    first_start: str | None = None
    repeat_start: str | None = None
    service_worker: bool = False
    offline_ready: str | None = None
    controlled: bool = False
    failed: str | None = None


@dataclass
class Paint:
    """One cold load's first paint (issue 20), in ms from navigation start."""

    kind: str  # "guide", "practice" or "plain"
    fcp_ms: float | None
    lcp_ms: float | None = None
    lcp_element: str | None = None
    response_end_ms: float | None = None


@dataclass
class LighthouseRun:
    """One Lighthouse run (performance category only) of one page with one preset."""

    kind: str  # "guide", "practice" or "plain"
    preset: str  # "desktop" or "mobile"
    score: float | None
    fcp_ms: float | None = None
    lcp_ms: float | None = None
    tbt_ms: float | None = None
    cls: float | None = None
    speed_index_ms: float | None = None
    lcp_element: str | None = None
    failed: str | None = None


@dataclass
class Figures:
    """Everything measured; saved as-is with --json."""

    runs: int
    build_seconds: float | None
    loads: list[Load] = field(default_factory=list)
    clicks: list[Click] = field(default_factory=list)
    #: The same walk, each click sent as soon as the last view is in the DOM (for information).
    clicks_back_to_back: list[Click] = field(default_factory=list)
    click_problems: list[str] = field(default_factory=list)
    guide_transfer: Transfer | None = None
    content_transfer: Transfer | None = None
    runtime_raw_bytes: int = 0
    runtime_gzip_bytes: int = 0
    lcp_page: str = ""
    lcp_page_bytes: int = 0
    lcp_element: str | None = None
    browser_version: str = ""
    load_before: str = ""
    load_after: str = ""
    glance: dict[str, float] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)
    network: list[NetworkLoad] = field(default_factory=list)
    network_runs: int = 0
    network_notes: list[str] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    visit_notes: list[str] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)
    lighthouse: list[LighthouseRun] = field(default_factory=list)
    lighthouse_version: str = ""

