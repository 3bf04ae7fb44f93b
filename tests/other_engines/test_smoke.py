"""The decision guide in the browsers clinicians use: Firefox (headless firefox-esr over
Marionette), WebKit, Safari's engine family (WebKitGTK's MiniBrowser under Xvfb over
WebKitWebDriver), and the full Chromium (over Playwright; the browser tests run in its headless
shell). The checks are in checks.py; each runs in every one (the ``engine`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.other_engines import checks
from tools.other_engines import EngineDriver

Record = Callable[[str, object], None]


def test_the_guide_loads_and_its_engine_starts(engine: EngineDriver, site_url: str, record_property: Record) -> None:
    record_property(checks.PATH_RAN, checks.guide_loads_and_engine_starts(engine, site_url))


def test_a_shared_link_opens_its_result(engine: EngineDriver, site_url: str, record_property: Record) -> None:
    record_property(checks.PATH_RAN, checks.shared_link_opens_its_result(engine, site_url))


def test_an_answer_leads_to_the_next_question(engine: EngineDriver, site_url: str, record_property: Record) -> None:
    record_property(checks.PATH_RAN, checks.an_answer_leads_to_the_next_question(engine, site_url))


def test_with_the_server_stopped_a_new_page_and_the_guide_open(
    engine: EngineDriver, site: Path, record_property: Record
) -> None:
    record_property(checks.PATH_RAN, checks.offline_a_new_page_and_the_guide_open(engine, site))
