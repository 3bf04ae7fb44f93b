# The two commands of the README. Both set everything up first, idempotently.
.PHONY: serve test build bench

serve:
	tools/setup
	.venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test:
	tools/setup --browser
	.venv/bin/python -m pytest

build:
	tools/setup
	.venv/bin/mkdocs build --strict

bench:
	tools/setup --browser
	.venv/bin/python tests/bench/benchmark.py
