"""MkDocs hook: the Content-Security-Policy and the other security headers.

After the build it writes the policy into every page, as a ``<meta>`` tag placed
before any script and listing the hashes of the inline scripts Material writes,
and into a ``_headers`` file, with the other security headers, for static hosts
that read one (Netlify, Cloudflare Pages).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S)
#: Everything the site needs, and nothing more. Script hashes are added at build time.
CSP = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'none'",
}
#: Only in HTTP headers: browsers ignore these in a <meta> policy.
CSP_HEADER_ONLY = {"frame-ancestors": "'none'"}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
        "payment=(), usb=(), interest-cohort=()"
    ),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(site: Path) -> dict[str, str]:
    """The site-wide policy: one for all pages, since instant navigation keeps the first page's policy."""
    hashes: set[str] = set()
    for page in site.rglob("*.html"):
        for attributes, script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if "application/json" in attributes:
                continue  # data, never executed
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    policy = dict(CSP)
    policy["script-src"] += "".join(f" {h}" for h in sorted(hashes))
    return policy


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    policy = content_security_policy(site)
    text = "; ".join(f"{key} {value}" for key, value in policy.items())
    meta = f'<meta http-equiv="Content-Security-Policy" content="{text}"><meta name="referrer" content="no-referrer">'
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # Right after the charset, which must stay within the first 1024 bytes, and before any script;
        # a page without one gets it at the top of its <head>. (One search for either would find
        # the <head> first, and push the charset past 1 KB once the policy lists enough hashes.)
        anchor = re.search(r"<meta charset=[^>]*>", html) or re.search(r"<head>", html)
        if anchor is None:
            raise PluginError(f"{page}: no <head> to put the Content-Security-Policy in")
        page.write_text(html[: anchor.end()] + meta + html[anchor.end() :], encoding="utf-8")
    header_policy = text + "".join(f"; {key} {value}" for key, value in CSP_HEADER_ONLY.items())
    headers = {"Content-Security-Policy": header_policy, **SECURITY_HEADERS}
    lines = ["# Security headers for static hosts that read a _headers file (Netlify, Cloudflare Pages).", "/*"]
    lines += [f"  {key}: {value}" for key, value in headers.items()]
    lines += ["", "/assets/pyodide/*.wasm", "  Content-Type: application/wasm", ""]
    (site / "_headers").write_text("\n".join(lines), encoding="utf-8")
