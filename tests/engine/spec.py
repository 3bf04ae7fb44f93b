"""The public vocabulary and rules of ../shared/spec/decision-guide.md, transcribed once for the tests.

The tests compare the engine against this transcription, never against the tree data itself.
"""

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
    "seek-consultation",
]
#: Rule 6: the interventions each sign adds to its level's own.
SIGN_INTERVENTIONS = {
    "strong-emotion": {"follow-up-emotion"},
    "late-arrival": {"investigate-changes"},
    "missed-session": {"investigate-changes", "wonder-aloud"},
    "homework-lapse": {"investigate-changes"},
    "medication-lapse": {"investigate-changes"},
    "easy-explanation": {"investigate-changes", "wonder-aloud"},
    "withdrawal": {"wonder-aloud"},
    "peripheral-complaint": {"wonder-aloud"},
    "regression": {"wonder-aloud"},
    "explicit-blame": {"address-rupture", "model-repair"},
    "online-review": {"respond-privately", "address-rupture"},
    "dropout": {"reach-out"},
    "clinician-reaction": {"seek-consultation"},
}
LEVEL_RANK = {"primary": 0, "secondary": 1, "tertiary": 2}
