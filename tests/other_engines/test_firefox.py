"""The decision guide in Firefox: headless firefox-esr over Marionette.

The checks themselves are shared with the other engine in checks.py; this module runs them in one
Firefox started once for the module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.other_engines import checks
from tools.other_engines import FirefoxDriver


def test_the_guide_loads_and_its_engine_starts(
    firefox: FirefoxDriver, site_url: str, record_property: Callable[[str, object], None]
) -> None:
    record_property(checks.PATH_RAN, checks.guide_loads_and_engine_starts(firefox, site_url))


def test_a_shared_link_opens_its_result(
    firefox: FirefoxDriver, site_url: str, record_property: Callable[[str, object], None]
) -> None:
    record_property(checks.PATH_RAN, checks.shared_link_opens_its_result(firefox, site_url))


def test_an_answer_leads_to_the_next_question(
    firefox: FirefoxDriver, site_url: str, record_property: Callable[[str, object], None]
) -> None:
    record_property(checks.PATH_RAN, checks.an_answer_leads_to_the_next_question(firefox, site_url))


def test_with_the_server_stopped_a_new_page_and_the_guide_open(
    firefox: FirefoxDriver, site: Path, record_property: Callable[[str, object], None]
) -> None:
    record_property(checks.PATH_RAN, checks.offline_a_new_page_and_the_guide_open(firefox, site))
