// Unit tests of the engine's own files as the worker reads them (guide/js/engine-files.mjs): the lock
// file and the wheel it names, both asked for past the HTTP cache, and the wheel checked against it.
// Run by tests/js/test_units.py under `node --test`.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";

import { fetchEngineWheel, fetchLockText, StartFailure } from "../../guide/js/engine-files.mjs";

const INDEX = "https://example.org/assets/pyodide/";
const WHEEL = new Uint8Array([80, 75, 3, 4, 1, 2, 3]);
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const lockFor = (digest) =>
  JSON.stringify({
    packages: { "decision-tree": { file_name: "decision_tree-0.1.0-py3-none-any.whl", sha256: digest } },
  });

/** A fetch that answers from `files` by name and records each request with its options. */
function server(files) {
  const asked = [];
  const fetch = async (url, init) => {
    asked.push({ url: String(url), cache: init?.cache ?? "default" });
    const name = String(url).slice(INDEX.length);
    return name in files ? new Response(files[name]) : new Response("", { status: 404 });
  };
  return { fetch, asked };
}

test("the lock file and the wheel are asked for past the HTTP cache, so that both are of one build", async () => {
  const { fetch, asked } = server({
    "pyodide-lock.json": lockFor(sha256(WHEEL)),
    "decision_tree-0.1.0-py3-none-any.whl": WHEEL,
  });
  const lock = await fetchLockText(fetch, INDEX);
  const { name, bytes } = await fetchEngineWheel(fetch, INDEX, lock);
  assert.equal(name, "decision_tree-0.1.0-py3-none-any.whl");
  assert.deepEqual([...bytes], [...WHEEL]);
  assert.deepEqual(
    asked.map(({ url, cache }) => [url.slice(INDEX.length), cache]),
    [
      ["pyodide-lock.json", "no-cache"],
      ["decision_tree-0.1.0-py3-none-any.whl", "no-cache"],
    ],
  );
});

test("a wheel of another build than the lock file's is refused, and named", async () => {
  const { fetch } = server({ "decision_tree-0.1.0-py3-none-any.whl": WHEEL });
  await assert.rejects(fetchEngineWheel(fetch, INDEX, lockFor(sha256(new Uint8Array([9])))), (error) => {
    assert.ok(error instanceof StartFailure);
    assert.equal(error.kind, "corrupt");
    assert.equal(error.file, "decision_tree-0.1.0-py3-none-any.whl");
    assert.match(error.message, /does not match the SHA-256 in pyodide-lock\.json/);
    return true;
  });
});
