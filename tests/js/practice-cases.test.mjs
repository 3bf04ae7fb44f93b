// Unit tests of practice mode's cases in the address (guide/js/practice-cases.mjs): which case a link
// opens, the mixed order and a case's address. Run by tests/js/test_units.py under `node --test`.

import assert from "node:assert/strict";
import { test } from "node:test";

import { caseAddress, caseInAddress, mixedInAddress, mixedOrder } from "../../guide/js/practice-cases.mjs";

const item = (id) => ({ id, title: id, situation: "", fragment: "" });
const LISTED = [item("a-first"), item("b-second"), item("c-third")];

test("a link opens the case it names, in either order", () => {
  assert.equal(caseInAddress("#case=b-second", LISTED), 1);
  assert.equal(caseInAddress("#case=c-third&order=mixed", LISTED), 2);
  assert.equal(caseInAddress("#order=mixed&case=a-first", LISTED), 0);
});

test("a link that names no known case opens none", () => {
  assert.equal(caseInAddress("", LISTED), -1);
  assert.equal(caseInAddress("#case=unknown", LISTED), -1);
  assert.equal(caseInAddress("#case=%E0%A4%A", LISTED), -1);
  assert.equal(caseInAddress("#showcase=a-first", LISTED), -1);
});

test("the mixed order keeps the build's shuffle of known cases, and only a complete one is followed", () => {
  const mixed = mixedOrder(LISTED, "c-third a-first zzz b-second");
  assert.deepEqual(
    mixed.map((entry) => entry.id),
    ["c-third", "a-first", "b-second"],
  );
  assert.equal(mixedInAddress("#case=a-first&order=mixed", LISTED, mixed), true);
  assert.equal(mixedInAddress("#case=a-first", LISTED, mixed), false);
  assert.equal(mixedInAddress("#case=a-first&order=mixedup", LISTED, mixed), false);
  assert.equal(mixedInAddress("#order=mixed", LISTED, mixedOrder(LISTED, "c-third")), false);
});

test("a case's address says its order", () => {
  assert.equal(caseAddress(item("a b"), false), "#case=a%20b");
  assert.equal(caseAddress(item("c-third"), true), "#case=c-third&order=mixed");
});
