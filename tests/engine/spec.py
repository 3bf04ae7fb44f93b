"""The public vocabulary and rules of ../shared/spec/decision-guide.md (version 2), transcribed once for the tests.

The tests compare the engine against this transcription, never against the tree data itself.
"""

SPEC_VERSION = 2

SIGN_LEVELS = {
    "strong-emotion": "secondary",
    "withdrawal": "secondary",
    "late-arrival": "secondary",
    "missed-session": "secondary",
    "homework-lapse": "secondary",
    "medication-lapse": "secondary",
    "peripheral-complaint": "secondary",
    "easy-explanation": "secondary",
    "honeymoon-fading": "secondary",
    "regression": "secondary",
    "clinician-reaction": "secondary",
    "explicit-blame": "tertiary",
    "online-review": "tertiary",
    "deferential-compliance": "secondary",
    "task-complaint": "secondary",
    "clinician-lapse": "secondary",
    "wants-to-end": "tertiary",
    "dropout": "tertiary",
}
INTERVENTIONS = [
    "safety-first",
    "anticipate-ruptures",
    "invite-feedback",
    "monitor-signs",
    "follow-up-emotion",
    "investigate-changes",
    "wonder-aloud",
    "address-rupture",
    "model-repair",
    "rupture-mindset",
    "respond-privately",
    "reach-out",
    "renegotiate-task",
    "acknowledge-own-part",
    "seek-consultation",
]
#: Rule 4: in every result, presented apart as what to keep doing (rule 9).
STANDING = {"monitor-signs", "invite-feedback", "rupture-mindset"}
#: Rule 5: anticipate-ruptures at these phases, unless the level is tertiary.
ANTICIPATE_PHASES = {"start", "early"}
#: Rule 6: the interventions each sign adds to its level's own.
SIGN_INTERVENTIONS = {
    "strong-emotion": {"follow-up-emotion"},
    "late-arrival": {"investigate-changes"},
    "missed-session": {"investigate-changes", "wonder-aloud"},
    "homework-lapse": {"investigate-changes", "renegotiate-task"},
    "medication-lapse": {"investigate-changes"},
    "easy-explanation": {"investigate-changes", "wonder-aloud"},
    "withdrawal": {"wonder-aloud"},
    "peripheral-complaint": {"wonder-aloud", "acknowledge-own-part"},
    "regression": {"wonder-aloud"},
    "deferential-compliance": {"wonder-aloud", "renegotiate-task"},
    "clinician-lapse": {"acknowledge-own-part"},
    "honeymoon-fading": {"renegotiate-task"},
    "task-complaint": {"renegotiate-task", "address-rupture"},
    "explicit-blame": {"address-rupture", "acknowledge-own-part", "model-repair"},
    "wants-to-end": {"address-rupture", "acknowledge-own-part", "model-repair"},
    "online-review": {"respond-privately"},
    "dropout": {"reach-out"},
    "clinician-reaction": {"seek-consultation"},
}
#: Rule 6: what level tertiary adds, whatever the sign.
TERTIARY_ADDS = {"seek-consultation"}
#: Rule 6: model-repair only when the rupture is in the open with the patient present.
MODEL_REPAIR_SIGNS = {"explicit-blame", "wants-to-end"}
#: Rule 6: online-review never brings address-rupture on its own.
NEVER_FOR = {"online-review": {"address-rupture"}, "dropout": {"model-repair", "address-rupture"}}
#: Rule 9: steps that ask about the patient's behaviour come after acknowledge-own-part.
ASKS_ABOUT_THE_PATIENT = ("investigate-changes", "wonder-aloud", "renegotiate-task")
#: Rule 10: what a phrasing may only mention when one of these signs was reported.
#: Each entry: the words that betray the presupposition, and the signs that allow it.
PRESUPPOSITIONS = {
    "a missed session": (
        ("missed last", "missing last", "missed our", "missed a session", "you missed"),
        {"missed-session", "dropout"},
    ),
    "the patient's lateness": (("arriving", "late lately", "been late", "later than you used"), {"late-arrival"}),
    "exercises or homework": (
        ("exercise", "homework", "worksheet", "between-session task"),
        {"homework-lapse", "task-complaint"},
    ),
    "medication": (("medication", "tablets", "pills", "prescri"), {"medication-lapse"}),
    "a lapse of the clinician's own": (
        ("kept you waiting", "i was late", "i started late", "i cancelled", "i forgot"),
        {"clinician-lapse", "peripheral-complaint"},
    ),
}
#: Rule 11: no step or phrasing for online-review raises the review with the patient.
REVIEW_WORDS = ("review", "online", "website", "posted", "wrote about", "somewhere else", "elsewhere")
#: Rule 13: signs that exclude each other.
EXCLUSIVE = [{"wants-to-end", "dropout"}]
LEVEL_RANK = {"primary": 0, "secondary": 1, "tertiary": 2}
