"""The site the tests run against when it was built before the run.

CI builds the site once, for its published address, runs the tests against that folder and
uploads the same folder (.github/workflows/pages.yml). It names the folder in
``RUPTURE_GUIDE_BUILT_SITE``; without it the tests build the site themselves (``make test``).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from tools.stable_links import load_html

BUILT_SITE_ENV = "RUPTURE_GUIDE_BUILT_SITE"

#: The port a site built for its published address is served on in the tests. Material's instant
#: navigation gives the sitemap's addresses the page's scheme and host but keeps their port (none,
#: on a published https address), so only on the default port does it work as it will when published.
PUBLISHED_SITE_PORT = 80


def prebuilt_site() -> Path | None:
    """The folder ``RUPTURE_GUIDE_BUILT_SITE`` names, checked to hold a built site; None when unset."""
    named = os.environ.get(BUILT_SITE_ENV, "")
    if not named:
        return None
    folder = Path(named).resolve()
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"{BUILT_SITE_ENV}={named}: no built site there (no index.html)")
    return folder


def published_site_port() -> int:
    """PUBLISHED_SITE_PORT, once it is known to be free to use here (CI allows it with sysctl)."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", PUBLISHED_SITE_PORT))
        except OSError as error:
            raise RuntimeError(
                f"{BUILT_SITE_ENV} is set, so the site is served on port {PUBLISHED_SITE_PORT}, which this user "
                f"cannot open ({error}); on Linux: sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80"
            ) from error
    return PUBLISHED_SITE_PORT


def built_address(site: Path) -> str:
    """The address a build was made for: its site_url, as the home page's canonical link names it."""
    links = [e for e in load_html(site / "index.html").find_all("link") if e.attrs.get("rel") == "canonical"]
    if not links:
        raise ValueError(f"{site}: the home page has no canonical link")
    return str(links[0].attrs["href"])


def served_path(site: Path) -> str:
    """The sub-path the site is served under in the tests: the one of the address it was built for."""
    return urlsplit(built_address(site)).path or "/"
