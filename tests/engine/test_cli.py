"""The command line of the spec: recommend --json, exit 2 on bad input, and the interactive walk."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from decision_tree.cli import main


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


def test_recommend_json_matches_the_spec_example() -> None:
    code, out = run(
        [
            "recommend",
            "--phase",
            "ongoing",
            "--risk",
            "no",
            "--sign",
            "missed-session",
            "--sign",
            "easy-explanation",
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(out)
    assert data["level"] == "secondary" and data["safety"] is False
    assert data["interventions"][0]["id"] == "investigate-changes"
    assert all({"id", "title", "url"} <= set(i) for i in data["interventions"])
    assert data["rationale"]


def test_risk_omitted_is_not_stated_and_treated_as_not_sure() -> None:
    """v3: an omitted --risk gives a safety result that says so and opens with the direct question."""
    omitted = json.loads(run(["recommend", "--phase", "start", "--json"])[1])
    assert omitted["safety"] is True and omitted["risk"] == "not-stated"
    assert omitted["rationale"][0].startswith("Risk was not stated")
    safety = omitted["interventions"][0]
    assert safety["id"] == "safety-first" and "directly" in safety["phrasings"][0]["text"]
    assert "Risk was not stated: ask about it first" in safety["notes"][0]
    assert run(["recommend", "--phase", "start"])[1].startswith("Note: risk was not stated")
    unsure = json.loads(run(["recommend", "--phase", "start", "--risk", "unsure", "--json"])[1])
    assert unsure["safety"] is True and unsure["risk"] == "yes"
    stated = json.loads(run(["recommend", "--phase", "start", "--risk", "no", "--json"])[1])
    assert stated["safety"] is False
    assert not any("not stated" in line for line in stated["rationale"])


def test_the_json_gives_each_phrasing_its_channel_and_the_dont_say_lines_apart() -> None:
    out = json.loads(run(["recommend", "--phase", "ongoing", "--risk", "yes", "--sign", "dropout", "--json"])[1])
    assert out["contact"] == "out-of-contact"
    for item in out["interventions"]:
        assert all(set(p) == {"text", "channel"} for p in item["phrasings"])
        avoided = {a["text"] for a in item["avoid"]}
        assert avoided and not avoided & {p["text"] for p in item["phrasings"]}
    assert out["safety_message"]["placeholders"] and out["safety_message"]["channel"] == "message"
    text = run(["recommend", "--phase", "ongoing", "--risk", "yes", "--sign", "dropout"])[1]
    assert "(To a colleague)" in text and "Don't say:" in text and "fill in before sending" in text


def test_follow_ups_on_the_command_line() -> None:
    code, out = run(
        ["recommend", "--phase", "ongoing", "--sign", "missed-session", "--followup", "after-difficult=yes", "--json"]
    )
    wonder = next(i for i in json.loads(out)["interventions"] if i["id"] == "wonder-aloud")
    assert code == 0 and wonder["notes"]


def test_readable_output() -> None:
    code, out = run(["recommend", "--phase", "ongoing", "--risk", "yes", "--sign", "dropout"])
    assert code == 0
    assert out.startswith("!! PUT SAFETY FIRST")
    assert "Once safety is addressed: Tertiary management" in out and "You might say:" in out
    assert "If the patient comes back, keep doing:" in out


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--phase", "later"], "unknown phase 'later' (valid: start, early, ongoing)"),
        (["--phase", "start", "--risk", "maybe"], "unknown risk 'maybe' (valid: yes, no, unsure)"),
        (["--phase", "start", "--sign", "crying"], "unknown sign 'crying' (valid: strong-emotion,"),
        (["--risk", "no"], "missing --phase (valid: start, early, ongoing)"),
        (["--phase", "start", "--followup", "mood"], "--followup expects QUESTION=ANSWER"),
        (["--phase", "start", "--colour"], "unrecognized arguments: --colour"),
        (
            ["--phase", "start", "--sign", "wants-to-end", "--sign", "dropout"],
            "the signs 'wants-to-end' and 'dropout' exclude each other",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], named: str) -> None:
    code, out = run(["recommend", *argv, "--json"])
    err = capsys.readouterr().err
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and named in err


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocesses in Pyodide")
def test_as_a_real_process() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "decision_tree", "recommend", "--phase", "start", "--json"],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["level"] == "primary"
    bad = subprocess.run(
        [sys.executable, "-m", "decision_tree", "recommend", "--phase", "nope"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stdout == "" and "nope" in bad.stderr


def test_interactive_walk_with_back_and_reprompt() -> None:
    # risk: 2 (no); phase: 9 (invalid), then 3 (ongoing); in-session: b (back to phase), 1 (start);
    # in-session: 1 4 (strong emotion, regression); attendance: 0; about-us: 0; own-reaction: 1
    code, out = run([], "2\n9\n3\nb\n1\n1 4\n0\n0\n1\n")
    assert code == 0
    assert "Please type one number from 1 to 3" in out
    assert out.count("Where are you in the treatment?") == 2
    assert "SECONDARY MANAGEMENT" in out
    assert "#risk=no&phase=start&signs=strong-emotion,regression,clinician-reaction" in out


def test_interactive_quit_and_end_of_input() -> None:
    assert run([], "q\n")[0] == 0
    assert run([], "2\n")[0] == 1
