// Unit tests of the guide's pure interaction helpers: a shared link in words (link-words.mjs); the
// note a copy button shows is tested with copying (copy.test.mjs). Run by tests/js/test_units.py.

import assert from "node:assert/strict";
import { test } from "node:test";

import { linkWords } from "../../guide/js/link-words.mjs";

const TABLE = {
  keys: {
    risk: "Any concern about harm?",
    phase: "Where in treatment?",
    signs: "What you noticed",
    attendance: "Attendance?",
  },
  values: {
    risk: { yes: "Yes, or I am not sure", no: "No current concern" },
    phase: { ongoing: "Established, ongoing treatment" },
    signs: { dropout: "Has stopped coming", "wants-to-end": "Wants to stop" },
    attendance: { dropout: "Has stopped coming" },
  },
  none: "None of these",
};

test("a link reads as its questions and the labels of its answers, in its order", () => {
  assert.deepEqual(linkWords("#risk=yes&phase=ongoing&signs=dropout,wants-to-end", TABLE), [
    { key: "risk", title: "Any concern about harm?", answers: ["Yes, or I am not sure"] },
    { key: "phase", title: "Where in treatment?", answers: ["Established, ongoing treatment"] },
    { key: "signs", title: "What you noticed", answers: ["Has stopped coming", "Wants to stop"] },
  ]);
});

test("none reads as 'None of these'; percent-escapes are read", () => {
  assert.deepEqual(linkWords("attendance=none&risk%3Dno", TABLE), [
    { key: "attendance", title: "Attendance?", answers: ["None of these"] },
  ]);
  assert.deepEqual(linkWords("risk=n%6F", TABLE), [
    { key: "risk", title: "Any concern about harm?", answers: ["No current concern"] },
  ]);
});

test("what is not understood is left out, for the engine to name", () => {
  assert.deepEqual(linkWords("colour=blue&risk=maybe&phase=%E0%A4%A&signs=crying&risk=no", TABLE), [
    { key: "risk", title: "Any concern about harm?", answers: ["No current concern"] },
  ]);
  assert.deepEqual(linkWords("sharing", TABLE), []);
  assert.deepEqual(linkWords("risk=yes", null), []);
});
