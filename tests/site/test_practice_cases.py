"""Practice mode's cases as a supervisor reads them: the answer key in practice.toml fits every
case, the choices offered give nothing away, every vignette states its phase, the cases the
clinical review named are scored fairly, and the build-time parts stay out of the engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitegen.paths import SCENARIOS_PATH
from sitegen.practice import check_keys, mixed_order
from sitegen.practice_case import options
from sitegen.scenarios import Scenario, load_scenarios

from decision_tree import practice, practice_data
from decision_tree.errors import TreeError
from decision_tree.model import Tree
from decision_tree.practice_data import NOT_ADDED, CaseKey
from decision_tree.views import PracticeFeedbackView
from tools.harness import ROOT

SCENARIOS = load_scenarios(SCENARIOS_PATH)
#: The stock reason the review found false in several cases: never used again.
OLD_STOCK = re.compile(r"nothing in this case points to that|The guide calls for it when you notice", re.I)
#: How a vignette states its phase: at assessment, in the first weeks, or months (or years) in.
PHASE_WORDS = {
    "start": re.compile(r"assessment|treatment plan"),
    "early": re.compile(r"weeks? into treatment|week \w+|first \w+ weeks"),
    "ongoing": re.compile(r"\b(months?|years?)\b"),
}


def scenario(case_id: str) -> Scenario:
    return next(s for s in SCENARIOS if s.id == case_id)


def answer(tree: Tree, case_id: str, level: str, chosen: list[str]) -> PracticeFeedbackView:
    case = scenario(case_id)
    return practice.feedback(tree, practice_data.key_for(case.id), case.fragment, level, chosen)


def guide_steps(tree: Tree, case_id: str) -> list[str]:
    return [item.intervention.id for item in practice.case_result(tree, scenario(case_id).fragment).steps]


def offered(tree: Tree, case_id: str) -> list[str]:
    case = scenario(case_id)
    return [option["id"] for option in options(tree, practice_data.key_for(case.id), case.fragment)]


def test_every_key_fits_its_case(tree: Tree) -> None:
    keys = practice_data.load_keys()
    check_keys(tree, SCENARIOS, keys)
    assert set(keys) <= {s.id for s in SCENARIOS}


def test_a_wrong_key_is_refused_with_the_exact_entry(tree: Tree) -> None:
    text = '[cases.the-review.defensible]\nwonder-alod = "A reason of enough words for the check here."\n'
    with pytest.raises(TreeError, match=r"cases\.the-review\.defensible\.wonder-alod: 'wonder-alod' is not"):
        practice_data.parse_keys(text, tree)
    with pytest.raises(TreeError, match=r"cases\.x\.omissions\.wonder-aloud: expected a reason written for the case"):
        practice_data.parse_keys('[cases.x.omissions]\nwonder-aloud = "Too short."\n', tree)
    with pytest.raises(TreeError, match=r"cases\.x\.about\.wonder-aloud: expected a standing practice"):
        practice_data.parse_keys('[cases.x.about]\nwonder-aloud = "A reason of enough words for the check."\n', tree)
    keys = {"the-review": CaseKey(defensible=(("seek-consultation", "Already the guide's own step here."),))}
    with pytest.raises(ValueError, match=r"cases\.the-review\.defensible\.seek-consultation: already one of"):
        check_keys(tree, SCENARIOS, keys)
    keys = {"the-review": CaseKey(matters=(("wonder-aloud", "Not a step of the guide's in this case."),))}
    with pytest.raises(ValueError, match=r"cases\.the-review\.matters\.wonder-aloud: not one of the guide's"):
        check_keys(tree, SCENARIOS, keys)


def test_no_case_uses_the_old_stock_reason(tree: Tree) -> None:
    for case in SCENARIOS:
        chosen = offered(tree, case.id)
        view = answer(tree, case.id, "primary", chosen)
        texts = [i["reason"] for i in view["steps"] + view["added"] + view["defensible"]]
        assert not [t for t in texts if OLD_STOCK.search(t)], case.id
    assert not OLD_STOCK.search((ROOT / "src/decision_tree/practice.toml").read_text(encoding="utf-8"))


def test_every_offered_wrong_step_gets_the_cases_reason_or_the_neutral_one(tree: Tree) -> None:
    for case in SCENARIOS:
        key = practice_data.key_for(case.id)
        view = answer(tree, case.id, "primary", offered(tree, case.id))
        for item in view["added"]:
            written = key.reason("not_here", item["id"])
            assert item["reason"] in {written, NOT_ADDED, practice.NO_RISK_HERE}, (case.id, item)


def test_choices_give_nothing_away(tree: Tree) -> None:
    safety = [i for i, x in tree.interventions.items() if x.safety]
    standing = [i for i, x in tree.interventions.items() if x.standing]
    for case in SCENARIOS:
        choices = offered(tree, case.id)
        assert set(safety) <= set(choices), f"{case.id}: Put safety first in every case"
        assert set(standing) <= set(choices), case.id
        assert set(guide_steps(tree, case.id)) <= set(choices), case.id
        wrong = set(choices) - set(guide_steps(tree, case.id)) - set(safety) - set(standing)
        assert len(wrong) >= 3, case.id
        assert choices == offered(tree, case.id), "the same every time"
    assert "reach-out" not in offered(tree, "kept-waiting"), "no reaching out to a patient in the room"
    assert "respond-privately" not in offered(tree, "the-co-payment"), "no review where there is none"


def test_every_vignette_states_its_phase(tree: Tree) -> None:
    for case in SCENARIOS:
        phase = practice.case_result(tree, case.fragment).state.phase
        assert PHASE_WORDS[phase].search(case.situation), f"{case.id}: the vignette does not state the phase"
        if phase != "ongoing":
            assert not PHASE_WORDS["ongoing"].search(case.situation), f"{case.id}: months in, yet not ongoing"


def test_the_mixed_order_is_fixed_and_does_not_sort_by_level(tree: Tree) -> None:
    ids = [s.id for s in SCENARIOS]
    mixed = mixed_order(ids)
    assert mixed == mixed_order(ids) and sorted(mixed) == sorted(ids) and mixed != ids
    levels = [scenario(i).level for i in mixed]
    order = list(tree.levels)
    assert levels != sorted(levels, key=order.index)
    assert levels[:3] != ["primary"] * 3


# --- The cases the clinical review named (M3 and section E) -------------------------------------


def test_stopped_the_tablets_owning_the_decision_is_defensible_and_repair_may_wait(tree: Tree) -> None:
    view = answer(tree, "stopped-the-tablets", "secondary", ["safety-first", "acknowledge-own-part", "address-rupture"])
    assert view["added"] == [] and view["score"] == 100 and not view["failed"]
    assert {i["id"] for i in view["defensible"] if i["mark"] == "chosen"} == {"acknowledge-own-part", "address-rupture"}


def test_the_empty_chair_owning_a_part_is_defensible(tree: Tree) -> None:
    view = answer(tree, "the-empty-chair", "tertiary", [*guide_steps(tree, "the-empty-chair"), "acknowledge-own-part"])
    assert view["score"] == 100 and view["added"] == []


def test_you_dont_care_reviewing_the_plan_is_defensible_and_wondering_is_not_a_miss(tree: Tree) -> None:
    steps = guide_steps(tree, "you-dont-care")
    assert "wonder-aloud" not in steps
    view = answer(tree, "you-dont-care", "tertiary", [*steps, "investigate-changes", "renegotiate-task"])
    assert view["score"] == 100 and view["added"] == []
    wondering = answer(tree, "you-dont-care", "tertiary", [*steps, "wonder-aloud"])
    assert "said it outright" in wondering["added"][0]["reason"]


def test_a_late_night_message_holding_repair_back_under_risk_costs_nothing(tree: Tree) -> None:
    view = answer(tree, "a-late-night-message", "tertiary", ["safety-first", "address-rupture", "seek-consultation"])
    assert view["score"] == 100
    assert [i["id"] for i in view["steps"] if i["mark"] == "held-back"] == ["acknowledge-own-part", "model-repair"]
    failed = answer(tree, "a-late-night-message", "tertiary", ["address-rupture", "seek-consultation"])
    assert failed["failed"] and failed["score"] is None


def test_all_quiet_the_lesson_can_be_chosen_and_earns_credit(tree: Tree) -> None:
    assert "invite-feedback" in offered(tree, "steady-going")
    assert answer(tree, "steady-going", "primary", ["invite-feedback"])["score"] == 100
    assert answer(tree, "steady-going", "primary", [])["score"] == 50


@pytest.mark.parametrize(
    ("case_id", "step"),
    [
        ("thinking-of-stopping", "wonder-aloud"),
        ("setting-the-ground-rules", "renegotiate-task"),
    ],
)
def test_section_e_sound_extras_are_defensible(tree: Tree, case_id: str, step: str) -> None:
    view = answer(tree, case_id, scenario(case_id).level, [*guide_steps(tree, case_id), step])
    assert view["score"] == 100 and [i["id"] for i in view["defensible"] if i["mark"] == "chosen"] == [step]


def test_every_risk_case_says_why_safety_matters_for_this_patient(tree: Tree) -> None:
    """A miss that fails the case is explained in the case's own words, not only by the rule."""
    safety = [i for i, x in tree.interventions.items() if x.safety]
    risk_cases = [s for s in SCENARIOS if practice.case_result(tree, s.fragment).safety]
    assert len(risk_cases) >= 6
    for case in risk_cases:
        written = [w for s in safety if (w := practice_data.key_for(case.id).reason("matters", s))]
        view = answer(tree, case.id, case.level, [])
        notes = [item["note"] for item in view["steps"] if item["id"] in safety and item["mark"] == "missed"]
        assert view["failed"] and written and any(f"For this patient: {written[0]}" in n for n in notes), case.id


def test_something_put_by_anticipating_ruptures_may_wait(tree: Tree) -> None:
    view = answer(tree, "safety-at-assessment", "primary", ["safety-first"])
    assert view["score"] == 100 and [i["id"] for i in view["steps"] if i["mark"] == "held-back"] == [
        "anticipate-ruptures"
    ]


#: Sound answers that differ from the guide's, from an educator's read as a trainee (issue 22, point 7).
SOUND = [
    ("stopped-the-tablets", ["safety-first", "acknowledge-own-part", "renegotiate-task", "seek-consultation"]),
    ("not-doing-that", ["address-rupture", "renegotiate-task", "acknowledge-own-part"]),
    ("just-busy", ["wonder-aloud", "acknowledge-own-part"]),
    ("safety-at-assessment", ["safety-first", "seek-consultation", "invite-feedback"]),
    ("no-reply", ["safety-first", "reach-out", "seek-consultation", "monitor-signs"]),
    ("dont-bother-replying", ["safety-first", "address-rupture", "seek-consultation"]),
    ("a-worrying-review", ["safety-first", "respond-privately", "seek-consultation", "invite-feedback"]),
]


@pytest.mark.parametrize(("case_id", "chosen"), SOUND)
def test_an_educators_sound_answers_are_not_marked_wrong(tree: Tree, case_id: str, chosen: list[str]) -> None:
    view = answer(tree, case_id, scenario(case_id).level, chosen)
    assert view["score"] == 100 and view["added"] == [] and not view["failed"], (case_id, view["score_explained"])


def test_no_special_intervention_id_is_written_in_code() -> None:
    """The safety step is the tree's ``safety`` flag; code never names it (an anchor in a link may)."""
    code = [*ROOT.glob("src/decision_tree/*.py"), *ROOT.glob("guide/**/*.py"), *ROOT.glob("guide/js/*.*js")]
    named = [p.name for p in code if re.search(r"""["'/.\[]safety-first["'\]]""", p.read_text(encoding="utf-8"))]
    assert named == []


def test_nothing_built_at_build_time_is_in_the_engine() -> None:
    engine = (ROOT / "src/decision_tree/practice.py").read_text(encoding="utf-8")
    assert "def options" not in engine and "def case_html" not in engine and "DEFENSIBLE" not in engine
    assert Path(practice.__file__).with_name("practice.toml").is_file()


def test_the_page_explains_the_score_by_the_new_rules() -> None:
    page = (ROOT / "docs/guide/practice/index.md").read_text(encoding="utf-8")
    score = page[page.index("{#score}") : page.index("{#privacy}")]
    assert "fails the case" in score and "Also defensible" in score and "held back" in score
    assert "for this patient" in score, "the page names the line written for the patient"
    assert "costs nothing" not in page and "never among the choices" not in page
    assert "mixed order" in page and "summary" in page
