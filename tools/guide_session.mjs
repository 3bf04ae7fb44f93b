// A whole guide session inside real Pyodide under Node.js, started as the guide's worker
// (guide/js/worker.mjs) starts it, reporting which standard-library modules were imported.
//
// usage: node tools/guide_session.mjs --pyodide DIR --wheel WHEEL --out FILE
//            [--stdlib ZIP] [--lock FILE] [--cases JSON] [--import MODULE,...]
//
// --stdlib   the standard library to start with (loadPyodide's stdLibURL; default: DIR's own)
// --lock     the lock file to start with (lockFileContents); it must list the wheel with its SHA-256
// --cases    practice cases as the practice page sends them: [{id, title, situation, fragment}]
// --import   more modules to import after the session (what the engine imported in its tests)
//
// The session asks every question with every answer (single and grouped, none, too many),
// opens every result, goes back, starts over, follows a garbled link, sends a broken
// request, answers each practice case rightly, wrongly and with unknown IDs, and asks for a
// set's summary. It writes JSON to --out: the standard-library modules (those loaded from the
// stdlib zip) after start-up and after the session, with the questions, levels and requests it saw.
// It exits 1 when anything failed, a module that could not be imported included.
// tools/stdlib_modules.py derives the shipped module list from it; tests/pyodide runs it
// against the trimmed zip.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

// A failure says what failed (a Python traceback included), not which minified line of Pyodide threw.
process.setUncaughtExceptionCaptureCallback((error) => {
  process.stderr.write(`guide session failed: ${error && error.message ? error.message : error}\n`);
  process.exit(1);
});

const { values: args } = parseArgs({
  options: {
    pyodide: { type: "string" },
    wheel: { type: "string" },
    out: { type: "string" },
    stdlib: { type: "string" },
    lock: { type: "string" },
    cases: { type: "string" },
    import: { type: "string", default: "" },
  },
});
const indexURL = resolve(args.pyodide) + "/";
const wheelBytes = readFileSync(args.wheel);
const wheelName = basename(args.wheel);
const WHEEL_PATH = "/lib/decision-guide/";

// As the worker does: the lock file names the wheel and its SHA-256.
const lockText = args.lock ? readFileSync(args.lock, "utf8") : undefined;
if (lockText !== undefined) {
  const entry = JSON.parse(lockText).packages["decision-tree"];
  if (!entry) throw new Error(`${args.lock} does not list decision-tree`);
  const digest = createHash("sha256").update(wheelBytes).digest("hex");
  if (entry.file_name !== wheelName || entry.sha256 !== digest) {
    throw new Error(`${args.lock} names ${entry.file_name} (${entry.sha256}), not ${wheelName} (${digest})`);
  }
}

const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL,
  ...(lockText !== undefined ? { lockFileContents: lockText, packageBaseUrl: indexURL } : {}),
  ...(args.stdlib ? { stdLibURL: resolve(args.stdlib) } : {}),
  stdout: () => {},
  stderr: (line) => process.stderr.write(line + "\n"),
});

// Only sys is touched, and it is always there: the probe imports nothing itself.
function stdlibModules() {
  const found = pyodide.runPython(`
import sys
_zip = next(p for p in sys.path if p.endswith(".zip") and p.startswith("/lib/python"))
sorted(name for name, module in list(sys.modules.items())
       if (getattr(getattr(module, "__spec__", None), "origin", None) or "").startswith(_zip + "/"))
`);
  const names = found.toJs();
  found.destroy();
  return names;
}
const bootstrap = stdlibModules();

pyodide.FS.mkdirTree(WHEEL_PATH);
pyodide.FS.writeFile(WHEEL_PATH + wheelName, wheelBytes);
pyodide.runPython(`
import sys
sys.path.insert(0, ${JSON.stringify(WHEEL_PATH + wheelName)})
sys.platform
`);
const browser = pyodide.pyimport("decision_tree.browser");

let requests = 0;
function handle(request, expect = "view") {
  requests += 1;
  const reply = JSON.parse(browser.handle(typeof request === "string" ? request : JSON.stringify(request)));
  const ok = expect === "error" ? reply.state === "error" : reply.state !== "error";
  if (!ok) throw new Error(`${JSON.stringify(request)} gave ${JSON.stringify(reply).slice(0, 400)}`);
  return reply;
}

// The worker's warm-up requests, then every question with every kind of answer.
const root = "../";
handle({ type: "view", fragment: "" });
handle({ type: "view", fragment: "risk=yes&phase=start&signs=withdrawal,dropout&still-attending=no" });
const questions = new Set();
const levels = new Set();
const results = new Map();
// A view is explored further when it shows something not seen yet: a question at a step,
// with or without the risk flag and with as many questions still to come (which follow-ups
// may apply), or a level of result, with or without safety first, in a phase, with its follow-ups.
const coverage = (view) => view.state === "result"
  ? `${view.result.level} ${view.result.safety} ${view.result.phase} ${Object.keys(view.result.followups)}`
  : `${view.question.id} ${view.risk_flagged} ${view.question.step} ${view.question.at_most}`;
const seen = new Set();
const pending = [handle({ type: "view", fragment: "", root })];
while (pending.length) {
  const view = pending.shift();
  if (view.back !== null) handle({ type: "view", fragment: view.back, root });
  if (view.state === "result") {
    levels.add(view.result.level);
    results.set(view.fragment, view.result);
    continue;
  }
  const question = view.question;
  questions.add(question.id);
  const plain = question.answers.map((answer) => answer.value);
  const grouped = question.groups.map((group) => group.answers.map((answer) => answer.value));
  const choices = question.kind === "single"
    ? plain.map((value) => [value])
    : [[], ["none"], ...plain.map((value) => [value]), ...grouped.flat().map((value) => [value]),
      [...plain, ...grouped.map((members) => members[0])]];
  for (const values of choices) {
    const next = handle({ type: "answer", fragment: view.fragment, question: question.id, values, root });
    if (!seen.has(coverage(next))) {
      seen.add(coverage(next));
      pending.push(next);
    }
  }
  // Answers the guide does not recognise: shown as ignored, never an error.
  const refused = handle({ type: "answer", fragment: view.fragment, question: question.id, values: ["no-such-answer"], root });
  if (!refused.ignored.length) throw new Error(`an unknown answer to ${question.id} was not reported`);
  if (grouped.some((members) => members.length > 1)) {
    handle({ type: "answer", fragment: view.fragment, question: question.id, values: grouped.find((m) => m.length > 1), root });
  }
}
// Start over, a garbled link, a link with unknown parts, broken requests.
handle({ type: "view", fragment: "", root });
handle({ type: "view", fragment: "%E2%80%9C&&risk=maybe&phase=&signs=,,nope&x=%ZZ", root });
handle({ type: "view", fragment: [...results.keys()].at(-1) + "&unknown=1", root: "../../" });
handle("{ not json", "error");
handle({ type: "answer", fragment: "", question: "no-such-question", values: [] }, "view");
handle({ type: "practice-case" }, "error");

// Practice feedback: each case answered rightly, with a wrong level and extra steps, and with unknown IDs.
const cases = args.cases
  ? JSON.parse(readFileSync(args.cases, "utf8"))
  : [...results.keys()].slice(0, 20).map((fragment, index) => ({ id: `case-${index}`, title: "A case", situation: "A situation.", fragment }));
const allLevels = [...levels];
const allSteps = [...new Set([...results.values()].flatMap((result) => result.interventions.map((item) => item.id)))];
cases.forEach((practiceCase, index) => {
  const result = handle({ type: "view", fragment: practiceCase.fragment, root: "../../" }).result;
  const expected = result.interventions.filter((item) => !item.standing).map((item) => item.id);
  const base = { type: "practice-feedback", case: practiceCase, position: index + 1, total: cases.length, root: "../../" };
  handle({ ...base, level: result.level, interventions: expected }, "feedback");
  handle({ ...base, level: allLevels.find((level) => level !== result.level), interventions: allSteps.slice(0, 3) }, "feedback");
  handle({ ...base, level: result.level, interventions: [] }, "feedback");
  handle({ ...base, level: "no-such-level", interventions: [] }, "error");
  handle({ ...base, level: result.level, interventions: ["no-such-step"] }, "error");
});
// A set's summary, from the results a page keeps of each answer.
const kept = cases.map((practiceCase, index) => {
  const request = { type: "practice-feedback", case: practiceCase, position: index + 1, total: cases.length };
  return handle({ ...request, root: "../../", level: "primary", interventions: [] }, "feedback").result;
});
handle({ type: "practice-summary", results: kept, total: cases.length, root: "../../" }, "summary");

// What the worker itself touches: a Python error crossing into JavaScript, and conversions.
try {
  pyodide.runPython("raise ValueError('a failure crossing the bridge')");
  throw new Error("a Python error did not reach JavaScript");
} catch (error) {
  if (!String(error.message).includes("a failure crossing the bridge")) throw error;
}
pyodide.toPy({ request: [1, "two", { three: null }] }).destroy();

const extra = args.import.split(",").filter(Boolean);
if (extra.length) {
  pyodide.globals.set("_extra_modules", pyodide.toPy(extra));
  pyodide.runPython("import sys\nfor _name in _extra_modules:\n    __import__(_name)\ndel _name, _extra_modules");
}

const session = stdlibModules();
// Where each of the engine's modules came from: the site's wheel holds bytecode, so a .pyc in it.
const origins = pyodide.runPython(`
import sys
sorted(module.__spec__.origin for name, module in list(sys.modules.items()) if name.split(".")[0] == "decision_tree")
`);
const engineOrigins = origins.toJs();
origins.destroy();
const report = { bootstrap, session, questions: [...questions].sort(), levels: allLevels.sort(), requests, engineOrigins };
writeFileSync(args.out, JSON.stringify(report, null, 1));
process.exit(0);
