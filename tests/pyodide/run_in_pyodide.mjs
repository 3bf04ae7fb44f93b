// Run the engine's test suite inside real Pyodide, under Node.js, offline.
//
// usage: node run_in_pyodide.mjs [--stdlib ZIP] [--test-stdlib ZIP] [--record-engine-imports FILE]
//            <pyodide dir> <project wheel> <wheel dir> <tests dir> [pytest args...]
//
// Loads the pinned npm Pyodide, installs the locally downloaded pure-Python
// wheels (pytest, hypothesis and their dependencies) and the project's built
// wheel, mounts the tests at /project/tests (a path inside Pyodide), and exits with
// pytest's status.
//
// --stdlib               start with this standard library (the site's trimmed zip) instead of Pyodide's
// --test-stdlib          a second zip, after it on sys.path: the modules only the test tools
//                        (pytest, Hypothesis) need, so that the engine runs on the site's zip alone
// --record-engine-imports  write to FILE, as JSON {module: origin}, every module that code of
//                        decision_tree imported by name while the tests ran (its origin says
//                        which zip it came from)
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";

const options = {};
let argv = process.argv.slice(2);
while (argv.length && argv[0].startsWith("--")) {
  options[argv[0].slice(2)] = argv[1];
  argv = argv.slice(2);
}
const [pyodideDir, projectWheel, wheelDir, testsDir, ...pytestArgs] = argv;
const { loadPyodide } = await import(pathToFileURL(join(resolve(pyodideDir), "pyodide.mjs")).href);
const py = await loadPyodide({
  indexURL: resolve(pyodideDir) + "/",
  ...(options.stdlib ? { stdLibURL: resolve(options.stdlib) } : {}),
});
if (options["test-stdlib"]) {
  py.FS.writeFile("/lib/test-tools-stdlib.zip", readFileSync(options["test-stdlib"]));
  // On sys.path after the site's zip; and for a submodule of a package the site's zip holds
  // (importlib.metadata of importlib), searched in the same package's folder of the second zip.
  py.runPython(`
import sys
from importlib.machinery import PathFinder
TEST_TOOLS_STDLIB = "/lib/test-tools-stdlib.zip"
class TestToolsStdlibFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        package, _, _ = name.rpartition(".")
        return PathFinder.find_spec(name, [f"{TEST_TOOLS_STDLIB}/{package.replace('.', '/')}"]) if package else None
sys.path.append(TEST_TOOLS_STDLIB)
sys.meta_path.append(TestToolsStdlibFinder)
`);
}
// Pass pytest's output through unbuffered, as it writes it.
const decoder = new TextDecoder();
py.setStdout({ write: (bytes) => { process.stdout.write(decoder.decode(bytes)); return bytes.length; } });
py.setStderr({ write: (bytes) => { process.stderr.write(decoder.decode(bytes)); return bytes.length; } });
const wheels = readdirSync(wheelDir).filter((name) => name.endsWith(".whl")).map((name) => resolve(wheelDir, name));
await py.loadPackage([...wheels, resolve(projectWheel)], { messageCallback: () => {} });
py.mountNodeFS("/project/tests", resolve(testsDir));
py.globals.set("pytest_args", py.toPy(pytestArgs));
py.globals.set("record_engine_imports", Boolean(options["record-engine-imports"]));
const status = await py.runPythonAsync(`
import builtins, os, sys
engine_imports = {}
if record_engine_imports:
    # Every import statement run by the engine's code, lazy ones inside functions included.
    _import = builtins.__import__
    def _recording_import(name, globals=None, locals=None, fromlist=(), level=0):
        module = _import(name, globals, locals, fromlist, level)
        importer = (globals or {}).get("__name__") or ""
        if level == 0 and importer.split(".")[0] == "decision_tree":
            for imported in [name, *(f"{name}.{item}" for item in fromlist or ())]:
                if imported in sys.modules:
                    spec = getattr(sys.modules[imported], "__spec__", None)
                    engine_imports[imported] = str(getattr(spec, "origin", None))
        return module
    builtins.__import__ = _recording_import
os.chdir("/project")
import pytest, decision_tree
print(f"python {sys.version.split()[0]} on {sys.platform}; decision_tree from {decision_tree.__file__}")
pytest.main(["-p", "no:cacheprovider", *pytest_args, "tests"])
`);
if (options["record-engine-imports"]) {
  const recorded = py.globals.get("engine_imports").toJs({ dict_converter: Object.fromEntries });
  writeFileSync(options["record-engine-imports"], JSON.stringify(recorded, null, 1));
}
process.exit(Number(status));
