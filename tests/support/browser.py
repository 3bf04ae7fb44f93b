"""Bounds the browser tests share."""

#: How long the engine may take to start in a test (cold start is 3-5 s on this kind of machine).
ENGINE_TIMEOUT_MS = 60_000
