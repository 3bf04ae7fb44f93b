"""Find passages of the project that repeat the source material word for word.

The site is written in the project's own words: facts carry over, sentences do not. The source
material is not part of the repository, so its text file is named each time:

    .venv/bin/python -m tools.own_words SOURCE.txt [--words N]

or, for the test (tests/site/test_practice_chapters.py), in ``RUPTURE_GUIDE_SOURCE_TEXT``.
Every run of N (8) or more words shared with the source, in the project's text files, is listed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_ENV = "RUPTURE_GUIDE_SOURCE_TEXT"
RUN = 8
SUFFIXES = frozenset({".md", ".html", ".py", ".js", ".mjs", ".toml", ".yml", ".yaml", ".json", ".txt", ".css"})


def words(text: str) -> list[str]:
    """Lower-case words, with typographic quotes read as plain ones."""
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.findall(r"[a-z0-9']+", text.lower())


def project_files(root: Path = ROOT) -> list[Path]:
    """The project's text files: tracked or new, not ignored, outside node_modules."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    paths = (root / name for name in listed)
    return [p for p in paths if p.suffix in SUFFIXES and "node_modules" not in p.parts and p.is_file()]


def repeated_passages(source: str, root: Path = ROOT, run: int = RUN) -> list[tuple[str, str]]:
    """(file, passage) for every run of ``run`` or more words that a project file shares with ``source``."""
    source_words = words(source)
    shared = {tuple(source_words[i : i + run]) for i in range(len(source_words) - run + 1)}
    found: list[tuple[str, str]] = []
    for path in project_files(root):
        try:
            text = words(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
        i = 0
        while i <= len(text) - run:
            if tuple(text[i : i + run]) not in shared:
                i += 1
                continue
            end = i + run
            while end < len(text) and tuple(text[end - run + 1 : end + 1]) in shared:
                end += 1
            found.append((str(path.relative_to(root)), " ".join(text[i:end])))
            i = end
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the source material's text file")
    parser.add_argument("--words", type=int, default=RUN, help="the shortest run of shared words to report")
    args = parser.parse_args(argv)
    found = repeated_passages(args.source.read_text(encoding="utf-8"), run=args.words)
    for name, passage in found:
        print(f'  {name}: "{passage}"')
    print(f"{len(found)} passages repeat the source material word for word ({args.words}+ words)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
