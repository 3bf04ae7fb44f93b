// Unit tests of what the page controllers share (guide/js/view-state.mjs): state, loading note, views
// shown, failures, asking the engine and moving the focus, on small fakes of the DOM and the engine.
// Run by tests/js/test_units.py under `node --test`.

import assert from "node:assert/strict";
import { test } from "node:test";

import { focusIsFree, viewState } from "../../guide/js/view-state.mjs";

function fakeElement(page, tag = "div") {
  return {
    tag,
    ownerDocument: page,
    dataset: {},
    attributes: {},
    hidden: false,
    textContent: "",
    children: [],
    isConnected: true,
    focused: null,
    setAttribute(name, value) {
      this.attributes[name] = value;
    },
    replaceChildren(...children) {
      this.children = children;
    },
    focus(options) {
      this.focused = options ?? {};
      page.activeElement = this;
    },
    contains(other) {
      return other === this || this.children.includes(other);
    },
  };
}

function fakePage() {
  const page = { activeElement: null, body: { tag: "body" }, documentElement: { tag: "html" } };
  page.createElement = (tag) => fakeElement(page, tag);
  return page;
}

const FAILURE = {
  title: "It could not start.",
  help: "The same is on another page.",
  link: { href: "pathways/", text: "Open all pathways" },
  log: "[test]",
};

function controller({ engine = { status: "ready", error: null, request: async () => ({}) } } = {}) {
  const page = fakePage();
  const root = fakeElement(page);
  const parts = {
    view: fakeElement(page),
    loading: fakeElement(page),
    loadingText: fakeElement(page),
    errorBox: fakeElement(page),
  };
  const logged = [];
  const state = viewState(root, parts, {
    failure: FAILURE,
    startEngine: () => engine,
    log: { error: (...args) => logged.push(args) },
  });
  return { page, root, parts, logged, state };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

test("a state is written on the root, busy only while loading", () => {
  const { root, state } = controller();
  state.setState("loading");
  assert.equal(root.dataset.state, "loading");
  assert.equal(root.attributes["aria-busy"], "true");
  state.setState("question");
  assert.equal(root.dataset.state, "question");
  assert.equal(root.attributes["aria-busy"], "false");
});

test("the loading note shows its words, and hides with none", () => {
  const { parts, state } = controller();
  state.showLoading("One moment…");
  assert.equal(parts.loading.hidden, false);
  assert.equal(parts.loadingText.textContent, "One moment…");
  state.showLoading("");
  assert.equal(parts.loading.hidden, true);
  assert.equal(parts.loadingText.textContent, "");
});

test("each view shown is counted, with its state, the note and any failure hidden", () => {
  const { root, parts, state } = controller();
  state.showLoading("Waiting");
  parts.errorBox.hidden = false;
  state.shown("question");
  state.shown("result");
  assert.equal(root.dataset.views, "2");
  assert.equal(root.dataset.state, "result");
  assert.equal(parts.loading.hidden, true);
  assert.equal(parts.errorBox.hidden, true);
});

test("a failure is shown in one place: in words, with the way on focused, and logged", () => {
  const { root, parts, logged, state } = controller();
  parts.view.replaceChildren(fakeElement(null));
  state.showError({ kind: "load", message: "could not load python_stdlib.zip (HTTP 404)", file: "python_stdlib.zip" });
  assert.equal(root.dataset.state, "error");
  assert.equal(parts.errorBox.hidden, false);
  const [title, what, link] = parts.errorBox.children;
  assert.equal(title.textContent, FAILURE.title);
  assert.equal(
    what.textContent,
    "What failed: could not load python_stdlib.zip (HTTP 404). The same is on another page.",
  );
  assert.equal(link.tag, "a");
  assert.equal(link.href, "pathways/");
  assert.equal(link.textContent, "Open all pathways");
  assert.ok(link.focused);
  assert.deepEqual(parts.view.children, []);
  assert.deepEqual(logged, [["[test]", "could not load python_stdlib.zip (HTTP 404)"]]);
});

test("a request while the engine starts waits with its note, then hands on the reply", async () => {
  let answer;
  const engine = { status: "loading", error: null, request: () => new Promise((resolve) => (answer = resolve)) };
  const { root, parts, state } = controller({ engine });
  const replies = [];
  state.ask({ type: "view", fragment: "" }, "Your answer is saved.", (reply) => replies.push(reply));
  assert.equal(root.dataset.state, "loading");
  assert.equal(parts.loadingText.textContent, "Your answer is saved.");
  answer({ state: "question" });
  await settled();
  assert.deepEqual(replies, [{ state: "question" }]);
});

test("a failed engine is shown at once, and nothing is asked", () => {
  let asked = false;
  const error = { kind: "unsupported", message: "no WebAssembly" };
  const engine = { status: "failed", error, request: async () => (asked = true) };
  const { root, parts, state } = controller({ engine });
  state.ask({ type: "view" }, "", () => {});
  assert.equal(asked, false);
  assert.equal(root.dataset.state, "error");
  assert.match(parts.errorBox.children[1].textContent, /no WebAssembly/);
});

test("a request that fails alone is shown; one of a failed engine is left to its status event", async () => {
  const engine = {
    status: "ready",
    error: null,
    request: async () => Promise.reject({ kind: "request", message: "bad" }),
  };
  const { root, state } = controller({ engine });
  state.ask({ type: "view" }, "", () => assert.fail("no reply"));
  await settled();
  assert.equal(root.dataset.state, "error");

  const failing = { status: "ready", error: null, request: async () => Promise.reject({ kind: "load", message: "x" }) };
  const second = controller({ engine: failing });
  second.state.ask({ type: "view" }, "", () => {});
  failing.status = "failed";
  await settled();
  assert.equal(second.root.dataset.state, undefined);
});

test("a new view's heading takes the focus in the next frame, unless the reader moved it", () => {
  const { page, root, state } = controller();
  const heading = fakeElement(page, "h2");
  const revealed = [];
  const frames = [];
  state.focusHeading(
    heading,
    true,
    (shown) => revealed.push(shown),
    (then) => frames.push(then),
  );
  assert.equal(heading.focused, null);
  frames.shift()();
  assert.deepEqual(heading.focused, { preventScroll: true });
  assert.deepEqual(revealed, [heading]);

  const elsewhere = fakeElement(page, "input");
  page.activeElement = elsewhere;
  const later = fakeElement(page, "h2");
  state.focusHeading(
    later,
    "unless-moved",
    () => {},
    (then) => frames.push(then),
  );
  frames.shift()();
  assert.equal(later.focused, null);
  assert.equal(focusIsFree(root), false);
  page.activeElement = page.body;
  assert.equal(focusIsFree(root), true);

  state.focusHeading(
    later,
    false,
    () => {},
    (then) => frames.push(then),
  );
  assert.equal(frames.length, 0);
});
