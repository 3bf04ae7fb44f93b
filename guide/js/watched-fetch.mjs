// The engine worker's view of its own downloads: which file failed and why, and how many bytes
// have arrived. Some load failures never settle inside Pyodide (a blocked or mistyped .wasm
// leaves loadPyodide pending forever), so watching the runtime's fetches lets the page say at
// once which file failed and why, instead of waiting for its timeout. Counting the bytes as they
// arrive gives the guide a real progress bar. Unit tests: tests/js/offline-parts.test.mjs.

/** The address a fetch asks for, whatever form it was given in. @param {RequestInfo | URL} input */
export const urlOf = (input) => (typeof input === "string" ? input : input instanceof URL ? input.href : input.url);

// Wrap fetch so that every response is checked, and the body of every file named in `sizes`
// ({file name: bytes}) is counted as it is read. onFailure gets the engine's error shape,
// {kind, message, file} (engine-errors.mjs); onBytes(name, bytes) gets each chunk's length, and
// onArrived(name) is called once a counted body has arrived whole.
/**
 * @param {typeof fetch} fetchOriginal
 * @param {{
 *   onFailure: (error: {kind: string, message: string, file: string}) => void,
 *   onBytes: (name: string, bytes: number) => void,
 *   onArrived?: (name: string) => void,
 *   counted?: (name: string) => boolean,
 * }} watch
 */
export function watchFetch(fetchOriginal, { onFailure, onBytes, onArrived = () => {}, counted = () => false }) {
  return async (input, init) => {
    const url = urlOf(input);
    const name = url.split("/").pop().split("?")[0];
    let response;
    try {
      response = await fetchOriginal(input, init);
    } catch (error) {
      onFailure({ kind: "load", message: `could not load ${name} (${error.message})`, file: name });
      throw error;
    }
    // The content type is not checked: the one file whose type mattered, pyodide.asm.wasm (streaming
    // WebAssembly compilation refuses any other than application/wasm, and Pyodide then never
    // settles), now comes packed and gets its type from the worker (unpack.mjs).
    if (!response.ok) {
      onFailure({ kind: "load", message: `could not load ${name} (HTTP ${response.status})`, file: name });
    }
    if (!response.ok || !response.body || !counted(name)) return response;
    // The same response, its body passed through a counter (its headers kept).
    const counter = new TransformStream({
      transform(chunk, controller) {
        onBytes(name, chunk.byteLength);
        controller.enqueue(chunk);
      },
      flush() {
        onArrived(name);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(counter), { status, statusText, headers });
  };
}

// Which counted files have arrived whole: tell(name) is a watch's onArrived, and of(name) a
// promise that settles once that file has (asked for before or after).
export function arrivals() {
  /** @type {Map<string, {promise: Promise<void>, resolve: () => void}>} */
  const files = new Map();
  const entry = (/** @type {string} */ name) => {
    let file = files.get(name);
    if (!file) {
      let resolve = () => {};
      const promise = new Promise((settle) => {
        resolve = () => settle(undefined);
      });
      file = { promise, resolve };
      files.set(name, file);
    }
    return file;
  };
  return {
    tell: (/** @type {string} */ name) => entry(name).resolve(),
    of: (/** @type {string} */ name) => entry(name).promise,
  };
}

// Bytes received out of the runtime's total, reported at most once per whole per cent (a few
// hundred messages would only keep the page busy). report({loaded, total}).
export function progressCounter(total, report) {
  let loaded = 0;
  let lastPercent = -1;
  return {
    add(bytes) {
      loaded = Math.min(total, loaded + bytes);
      const percent = Math.floor((100 * loaded) / total);
      if (percent === lastPercent) return;
      lastPercent = percent;
      report({ loaded, total });
    },
    finish() {
      if (lastPercent === 100) return;
      loaded = total;
      lastPercent = 100;
      report({ loaded, total });
    },
  };
}

// The engine's download progress: bytes are counted from the first one, and the total is known
// once the build's runtime.json (a promise of {files: {name: size}}) has arrived. addFile counts a
// whole file by its size (an import, which is not a fetch). post(loaded, total).
export function progressReporter(runtime, post) {
  let counter = null;
  let early = 0;
  const sizes = {};
  runtime.then(({ files = {} }) => {
    Object.assign(sizes, files);
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    if (total <= 0) return;
    counter = progressCounter(total, ({ loaded }) => post(loaded, total));
    counter.add(early);
  });
  return {
    add: (bytes) => {
      if (counter) counter.add(bytes);
      else early += bytes;
    },
    addFile: (name) => (counter ? counter.add(sizes[name] || 0) : undefined),
    finish: () => counter?.finish(),
  };
}
