// Loaded from the <head> of the guide page only (the build hook adds it), as an async
// module: it starts the engine while the rest of the page is still arriving, since
// Pyodide's start-up is the longest wait on the page.
import { startEngine } from "./engine.mjs";

startEngine();
