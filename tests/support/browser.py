"""Bounds the browser tests share."""

#: How long the engine may take to start in a test (cold start is 3-5 s on this kind of machine).
ENGINE_TIMEOUT_MS = 60_000

#: How long the offline copy may take to be made: the whole site and the runtime (megabytes), by the
#: service worker, on a busy machine.
COPY_TIMEOUT_MS = 120_000
