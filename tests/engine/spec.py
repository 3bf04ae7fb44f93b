"""The public vocabulary and rules of the decision guide's specification (version 3), transcribed once for the tests.

The tests compare the engine against this transcription, never against the tree data itself.
The same IDs and rules, in the project's words, are in docs/contributing.md#rules: a "rule N"
in a test is rule N there.
"""

SPEC_VERSION = 3

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
    "clinician-change": "secondary",  # v3
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
    "name-the-change",  # v3
]
#: Rule 4: in every result, presented apart as what to keep doing (rule 9).
STANDING = {"monitor-signs", "invite-feedback", "rupture-mindset"}
#: Rule 5: anticipate-ruptures at these phases, unless the level is tertiary.
ANTICIPATE_PHASES = {"start", "early"}
#: Rule 5 (v3): also at tertiary, at those phases, when the patient is present (contact in-session): a
#: rupture voiced to you in person (the signs below), not a silence, not a message.
ANTICIPATE_AT_TERTIARY_WITH = {"explicit-blame", "wants-to-end"}
ANTICIPATE_AT_TERTIARY_CONTACT = "in-session"
ANTICIPATE_NEVER_WITH = {"dropout"}
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
    "clinician-change": {"name-the-change"},  # v3
}
#: Rule 6 (v3): with any of these, the rupture is in the open, and wonder-aloud is never added.
OPEN_SIGNS = {"explicit-blame", "wants-to-end", "task-complaint"}
#: Rule 6: what level tertiary adds, whatever the sign.
TERTIARY_ADDS = {"seek-consultation"}
#: Rule 6: model-repair only when the rupture is in the open with the patient present.
MODEL_REPAIR_SIGNS = {"explicit-blame", "wants-to-end"}
#: Rule 6: online-review never brings address-rupture on its own.
NEVER_FOR = {"online-review": {"address-rupture"}, "dropout": {"model-repair", "address-rupture"}}
#: Rule 9: steps that ask about the patient's behaviour come after acknowledge-own-part.
ASKS_ABOUT_THE_PATIENT = ("investigate-changes", "wonder-aloud", "renegotiate-task")
#: Rule 9 (v3), as the second clinical reader asked: with dropout, reaching out comes first after safety,
#: before a lapse is owned or a change named (nothing can be said to a patient who cannot be reached).
REACH_OUT_FIRST_WITH = {"dropout"}
#: Rule 9 (v3): name-the-change comes before these.
AFTER_NAMING_THE_CHANGE = ("address-rupture", "investigate-changes", "wonder-aloud", "renegotiate-task")
#: Rule 9 (v3): openings that are alternatives; two or more in a result are said once to be alternatives.
OPENINGS = ("follow-up-emotion", "investigate-changes", "wonder-aloud")
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


# --- v3: the contexts that select every text of a result (rules 14 to 16) -------------------------------------

#: Risk values: "unsure" on the command line is "yes"; an omitted --risk is "not-stated", treated as not sure.
RISK_NOT_STATED = "not-stated"
#: Phrasing channels.
CHANNELS = ("in-session", "call", "message", "voicemail", "letter", "colleague")
#: Rule 15: the channels a result may show in each contact.
CONTACT_CHANNELS = {
    "in-session": {"in-session", "call", "colleague"},
    "message": {"message", "voicemail", "call", "in-session", "colleague"},
    "unknown": {"message", "voicemail", "in-session", "call", "colleague"},
    "out-of-contact": {"message", "voicemail", "letter", "colleague"},
}
#: "contact" is derived: the sign or follow-up answer, and the contact it gives (the first that holds).
OUT_OF_CONTACT_SIGNS = {"dropout"}
OUT_OF_CONTACT_FOLLOWUP = ("still-attending", "no")
MESSAGE_FOLLOWUP = ("told-by", "message")
#: told-by is asked with these signs; without an answer, wants-to-end is "unknown".
TOLD_BY_SIGNS = {"wants-to-end", "explicit-blame", "task-complaint"}
YOUR_PART_SIGNS = {"peripheral-complaint"}
#: The guide labels every phrasing that is not for the room.
CHANNEL_LABELS = {"message": "By message", "voicemail": "Voicemail", "letter": "Letter", "colleague": "To a colleague"}
#: Rule 14: with a risk, no text of the result may say any of these (lower case). Each entry: what it does, the words.
FORBIDDEN_WITH_RISK = {
    "accepts an ending": ("your decision", "yours to decide", "respect it", "free to stop", "end well"),
    "defers contact": ("when it suits", "whenever you're ready", "whenever you are ready", "when you're ready"),
    "offers an exit without a handover": ("one more session", "one last session", "closing session", "close properly"),
    "stops contact while the risk is unresolved": (
        "closing letter",
        "close your file",
        "limited number of attempts",
        "attempts your policy sets",
        "never contact them",
        "the conversation waits",
    ),
    "reassures about the alliance": ("nothing suggests",),
}
#: Rule 14: the safety message template shows, with a risk, when the contact is not in-session or with these signs.
SAFETY_MESSAGE_SIGNS = {"missed-session"}
#: Rule 16: with online-review and a risk, respond-privately checks on welfare and takes urgent advice.
REVIEW_WITH_RISK_WORDS = ("urgent advice", "welfare")
