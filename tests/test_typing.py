"""The typed contract reaches every edge: mypy --strict over src, guide and tools, and a renderer that takes the views.

``src/decision_tree/views.py`` types what the engine hands on; ``render.py`` reads exactly those
TypedDicts (not ``Mapping[str, Any]``), so that a key renamed in a view fails the type check where it
is read. The JavaScript side is checked in ``tests/js/test_static.py``.
"""

from __future__ import annotations

import re
import tomllib
import typing

from decision_tree import render, views
from tools.harness import ROOT

#: The folders of code that runs (the engine, the build, the tools): checked in full, never relaxed.
STRICT_FOLDERS = ("src/decision_tree", "guide", "tools")
#: The top-level modules of those folders, as mypy names them (guide/ is on mypy_path: its hooks and sitegen).
STRICT_MODULES = ("decision_tree", "sitegen", "tools", "tree_pages", "engine_assets", "offline", "security_headers")


def mypy_config() -> dict[str, typing.Any]:
    config: dict[str, typing.Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    return config


def test_mypy_is_strict_over_src_guide_and_tools() -> None:
    config = mypy_config()
    assert config.get("strict") is True
    assert set(STRICT_FOLDERS) <= set(config["files"])


def test_no_mypy_override_relaxes_the_code_that_runs() -> None:
    for override in mypy_config().get("overrides", []):
        patterns = override["module"] if isinstance(override["module"], list) else [override["module"]]
        relaxed = {key for key in override if key != "module"}
        for pattern in patterns:
            top = pattern.split(".")[0]
            assert top not in STRICT_MODULES, f"mypy override {relaxed} for {pattern}: type the code instead"


def test_every_type_ignore_in_the_code_says_why() -> None:
    """An ignore is the exception: it names its error code and, after it, the reason (or on the line above)."""
    for folder in STRICT_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines, start=1):
                if "type: ignore" not in line:
                    continue
                where = f"{path.relative_to(ROOT)}:{number}"
                assert re.search(r"# type: ignore\[[a-z-]+(, ?[a-z-]+)*\]", line), f"{where}: an ignore names its code"
                reason_after = re.search(r"# type: ignore\[[^\]]*\]\s+#\s*\S", line)
                reason_above = number > 1 and lines[number - 2].lstrip().startswith("#")
                assert reason_after or reason_above, f"{where}: say why the ignore is needed"


def hints_of(function: typing.Callable[..., object]) -> dict[str, object]:
    return typing.get_type_hints(function)


def mentions_any(hint: object) -> bool:
    return hint is typing.Any or any(mentions_any(arg) for arg in typing.get_args(hint))


def test_the_renderer_takes_the_view_typeddicts() -> None:
    assert hints_of(render.view_html)["view"] is views.View
    assert hints_of(render.question_html)["view"] is views.View
    assert hints_of(render.result_html)["view"] is views.View
    assert hints_of(render.evidence_html)["evidence"] == list[views.EvidenceView]


def test_no_function_of_the_renderer_reads_an_untyped_mapping() -> None:
    functions = [
        item for item in vars(render).values() if callable(item) and getattr(item, "__module__", "") == render.__name__
    ]
    assert len(functions) > 10
    for function in functions:
        for name, hint in hints_of(function).items():
            assert not mentions_any(hint), (
                f"render.{function.__name__}: {name} is typed {hint} (use a view of views.py)"
            )
