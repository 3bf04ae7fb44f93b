# The two commands of the README. Both set everything up first, idempotently.
.PHONY: serve test build bench

# MkDocs 1.x plugins print a long notice about MkDocs 2 at every build; the project pins mkdocs<2.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

serve:
	tools/setup
	.venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test:
	tools/setup --browser
	.venv/bin/python -m pytest --numprocesses auto --maxprocesses 4 --dist loadfile

build:
	tools/setup
	.venv/bin/mkdocs build --strict

bench:
	tools/setup --browser --bench
	.venv/bin/python tools/bench/benchmark.py
