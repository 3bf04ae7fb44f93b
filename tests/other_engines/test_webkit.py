"""The decision guide in WebKit: WebKitGTK's MiniBrowser under Xvfb over WebKitWebDriver (Safari's engine family).

The checks themselves are shared with the other engine in checks.py; this module runs them in one
WebKit started once for the module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.other_engines import checks
from tools.other_engines import WebKitDriver


def test_the_guide_loads_and_its_engine_starts(
    webkit: WebKitDriver, site_url: str, record_property: Callable[[str, object], None]
) -> None:
    record_property(checks.PATH_RAN, checks.guide_loads_and_engine_starts(webkit, site_url))


def test_a_shared_link_opens_its_result(
    webkit: WebKitDriver, site_url: str, record_property: Callable[[str, object], None]
) -> None:
    record_property(checks.PATH_RAN, checks.shared_link_opens_its_result(webkit, site_url))


def test_an_answer_leads_to_the_next_question(
    webkit: WebKitDriver, site_url: str, record_property: Callable[[str, object], None]
) -> None:
    record_property(checks.PATH_RAN, checks.an_answer_leads_to_the_next_question(webkit, site_url))


def test_with_the_server_stopped_a_new_page_and_the_guide_open(
    webkit: WebKitDriver, site: Path, record_property: Callable[[str, object], None]
) -> None:
    record_property(checks.PATH_RAN, checks.offline_a_new_page_and_the_guide_open(webkit, site))
