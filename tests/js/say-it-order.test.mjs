// Say it's order (guide/js/say-it-order.mjs): the next statement comes from the level the page's
// table gives for the rating, in the page's order, after the last one seen there; a fragment names a
// statement in either form. The table here has the shape the build writes (say-it.toml [next_level]).
import assert from "node:assert/strict";
import { test } from "node:test";
import { nextLevel, nextStatement, statementInHash } from "../../guide/js/say-it-order.mjs";

const index = [
  { id: "b1", level: "beginner" },
  { id: "b2", level: "beginner" },
  { id: "i1", level: "intermediate" },
  { id: "i2", level: "intermediate" },
  { id: "a1", level: "advanced" },
];
const table = {
  beginner: { "too-easy": "intermediate", "about-right": "beginner", "too-hard": "beginner" },
  intermediate: { "too-easy": "advanced", "about-right": "intermediate", "too-hard": "beginner" },
  advanced: { "too-easy": "advanced", "about-right": "advanced", "too-hard": "intermediate" },
};

test("the rating's level is the table's, and nothing else decides it", () => {
  assert.equal(nextLevel(table, "beginner", "too-easy"), "intermediate");
  assert.equal(nextLevel(table, "intermediate", "too-hard"), "beginner");
  const reversed = { ...table, beginner: { ...table.beginner, "too-easy": "advanced" } };
  assert.equal(nextLevel(reversed, "beginner", "too-easy"), "advanced");
});

test("a level goes on in the page's order and starts again after its last", () => {
  assert.equal(nextStatement(index, "intermediate", undefined), "i1");
  assert.equal(nextStatement(index, "intermediate", "i1"), "i2");
  assert.equal(nextStatement(index, "intermediate", "i2"), "i1");
  assert.equal(nextStatement(index, "advanced", "a1"), "a1");
});

test("a fragment names a statement of the page, as a trainer's link or as a card's anchor", () => {
  assert.equal(statementInHash("#statement=i2", index), "i2");
  assert.equal(statementInHash("#statement-b1", index), "b1");
  assert.equal(statementInHash("#statement=nope", index), null);
  assert.equal(statementInHash("#case=b1", index), null);
  assert.equal(statementInHash("", index), null);
});
