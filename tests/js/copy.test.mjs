// Unit tests of copying and announcing, each in one module for every page script: guide/js/copy.mjs
// (the clipboard, the note a copy button shows) and guide/js/announce.mjs (the polite status region).
// Run by tests/js/test_units.py under `node --test`.

import assert from "node:assert/strict";
import { test } from "node:test";

import { announceIn, PAGE_STATUS_ID, pageStatus, SAY_AFTER_MS } from "../../guide/js/announce.mjs";
import { copiedMessage, copyText, FAILED, NOT_AVAILABLE } from "../../guide/js/copy.mjs";

test("a copied text with a blank in square brackets warns; one without does not", () => {
  assert.equal(
    copiedMessage("Copied", "Hello, this is [your first name] calling."),
    "Copied — fill in the parts in [brackets] before sending",
  );
  assert.equal(copiedMessage("Link copied", "https://example.org/guide/#risk=no"), "Link copied");
  assert.equal(copiedMessage("Copied", "An empty [] pair is no blank."), "Copied");
});

test("copying writes the text, shows the note beside the button and says it", async () => {
  const written = [];
  const said = [];
  const clipboard = { writeText: async (text) => written.push(text) };
  const show = (button, done, text) => `${done} (${button.id}, ${text.length})`;
  const button = { id: "copy-1" };
  const copied = await copyText("Thank you for telling me.", button, "Phrasing copied", (text) => said.push(text), {
    clipboard,
    secure: true,
    show,
  });
  assert.equal(copied, true);
  assert.deepEqual(written, ["Thank you for telling me."]);
  assert.deepEqual(said, ["Phrasing copied (copy-1, 25)"]);
});

test("where copying is not possible, or fails, it says so and leaves the text to select", async () => {
  const said = [];
  const say = (text) => said.push(text);
  const show = () => assert.fail("no note when nothing was copied");
  assert.equal(await copyText("x", {}, "Copied", say, { clipboard: null, secure: true, show }), false);
  const clipboard = { writeText: async () => assert.fail("an insecure page is not written from") };
  assert.equal(await copyText("x", {}, "Copied", say, { clipboard, secure: false, show }), false);
  const refusing = { writeText: () => Promise.reject(new Error("denied")) };
  assert.equal(await copyText("x", {}, "Copied", say, { clipboard: refusing, secure: true, show }), false);
  assert.deepEqual(said, [NOT_AVAILABLE, NOT_AVAILABLE, FAILED]);
});

test("an announcement empties the region first, then says the words a moment later", () => {
  const region = { textContent: "Phrasing copied" };
  const waiting = [];
  announceIn(region, "Phrasing copied", (then, ms) => waiting.push([then, ms]));
  assert.equal(region.textContent, "", "emptied, so that the same words are read again");
  assert.equal(waiting.length, 1);
  const [then, ms] = waiting[0];
  assert.equal(ms, SAY_AFTER_MS);
  then();
  assert.equal(region.textContent, "Phrasing copied");
});

test("outside a page controller the page's own status region is made once, polite and hidden", () => {
  const made = [];
  const page = {
    getElementById: (id) => made.find((element) => element.id === id) ?? null,
    createElement: (tag) => ({
      tag,
      attributes: {},
      setAttribute(name, value) {
        this.attributes[name] = value;
      },
    }),
    body: { append: (element) => made.push(element) },
  };
  const first = pageStatus(page);
  assert.equal(first.id, PAGE_STATUS_ID);
  assert.equal(first.attributes.role, "status");
  assert.equal(first.className, "visually-hidden");
  assert.equal(pageStatus(page), first);
  assert.equal(made.length, 1);
});
