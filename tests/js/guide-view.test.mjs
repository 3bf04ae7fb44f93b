// Unit tests of what screen readers hear of a guide view (guide/js/guide-view.mjs), from views typed
// as the engine sends them (guide/js/views.d.ts). Run by tests/js/test_units.py under `node --test`.

import assert from "node:assert/strict";
import { test } from "node:test";

import { printedOn, viewAnnouncement } from "../../guide/js/guide-view.mjs";

const base = { ignored: [], back: null, risk_flagged: false, answers: [], fragment: "", html: "", platform: "test" };

test("a question is announced with where it stands", () => {
  const question = { id: "phase", kind: "single", prompt: "Where are you in the treatment?", help: "" };
  const view = { ...base, state: "question", question: { ...question, answers: [], groups: [], step: 2, at_most: 10 } };
  assert.equal(
    viewAnnouncement({ ...view, result: null }),
    "Question 2 of at most 10: Where are you in the treatment?",
  );
});

test("a result is announced by its level", () => {
  const view = { ...base, state: "result", question: null, result: { level_title: "Address the rupture" } };
  assert.equal(viewAnnouncement(view), "Recommendation: Address the rupture");
});

test("the print date names its month in words, whatever the reader's locale", () => {
  assert.equal(printedOn(new Date(2026, 11, 2)), "Printed 2 December 2026.");
  assert.equal(printedOn(new Date(2027, 0, 31)), "Printed 31 January 2027.");
});
