// One step of the build that only Pyodide's own Python can do, run in the pinned npm package under
// Node.js: compiling the engine's wheel to the bytecode of that Python (sitegen/compiled_wheel.py).
//
// usage: node in-pyodide.mjs PYODIDE_DIR MODULE FUNCTION INPUT OUTPUT
//
// It runs the standard-library-only Python file MODULE, calls its FUNCTION with INPUT's bytes and
// writes the bytes it returns to OUTPUT. A failure exits 1 with the Python traceback.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, module, functionName, input, output] = process.argv.slice(2);
try {
  const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: `${resolve(pyodideDir)}/`, stdout: () => {}, stderr: () => {} });
  const step = pyodide.globals.get("dict")();
  step.set("__name__", "build_step");
  pyodide.runPython(readFileSync(module, "utf8"), { globals: step, filename: module });
  // Through Pyodide's own file system: bytes in and bytes out, with no conversion between them.
  pyodide.FS.writeFile("/tmp/input", new Uint8Array(readFileSync(input)));
  pyodide.runPython(
    `with open("/tmp/input", "rb") as i, open("/tmp/output", "wb") as o: o.write(${functionName}(i.read()))`,
    { globals: step },
  );
  writeFileSync(output, pyodide.FS.readFile("/tmp/output"));
} catch (error) {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exit(1);
}
