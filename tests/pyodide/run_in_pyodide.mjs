// Run the engine's test suite inside real Pyodide, under Node.js, offline.
//
// usage: node run_in_pyodide.mjs <pyodide dir> <project wheel> <wheel dir> <tests dir> [pytest args...]
//
// Loads the pinned npm Pyodide, installs the locally downloaded pure-Python
// wheels (pytest, hypothesis and their dependencies) and the project's built
// wheel, mounts the tests at /work/tests, and exits with
// pytest's status.
import { readdirSync } from "node:fs";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, projectWheel, wheelDir, testsDir, ...pytestArgs] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(resolve(pyodideDir), "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: resolve(pyodideDir) + "/" });
// Pass pytest's output through unbuffered, as it writes it.
const decoder = new TextDecoder();
py.setStdout({ write: (bytes) => { process.stdout.write(decoder.decode(bytes)); return bytes.length; } });
py.setStderr({ write: (bytes) => { process.stderr.write(decoder.decode(bytes)); return bytes.length; } });
const wheels = readdirSync(wheelDir).filter((name) => name.endsWith(".whl")).map((name) => resolve(wheelDir, name));
await py.loadPackage([...wheels, resolve(projectWheel)], { messageCallback: () => {} });
py.mountNodeFS("/work/tests", resolve(testsDir));
py.globals.set("pytest_args", py.toPy(pytestArgs));
const status = await py.runPythonAsync(`
import os, sys
os.chdir("/work")
import pytest, decision_tree
print(f"python {sys.version.split()[0]} on {sys.platform}; decision_tree from {decision_tree.__file__}")
pytest.main(["-p", "no:cacheprovider", *pytest_args, "tests"])
`);
process.exit(Number(status));
