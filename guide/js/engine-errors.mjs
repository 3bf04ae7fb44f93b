// The engine's one error shape, {kind, message, file?} (engine.mjs holds the engine's contract),
// and the Error a rejected request carries. A failure's own words are written where it is found
// (engine.mjs says where).
//
// Error kinds (`file` names the file concerned where there is one):
//   unsupported  the browser has no WebAssembly
//   worker       the worker could not be created, its script failed to load or threw,
//                or it sent a message that could not be read
//   load         a runtime file could not be fetched (refused, or an HTTP error)
//   corrupt      a file came but is wrong (an unreadable lock file, a wheel whose SHA-256
//                does not match the lock file, a packed runtime file that does not unpack)
//   startup      anything else that stopped Python from starting
//   timeout      no word from the engine (not even progress) for the start-up timeout, or, once
//                every byte has arrived, for STARTING_FACTOR (engine.mjs) times as long. The only failure
//                that is not final: if the engine still comes up, the status turns to
//                "ready" (recovery); a definite cause that arrives later replaces it.
//   request      only on a rejected request: Python failed on this one request; the
//                engine stays ready.

// A rejected request's reason: an Error in the one error shape (its own fields are kind and file).
export class EngineFailure extends Error {
  constructor(/** @type {EngineError} */ { kind, message, file }) {
    super(message);
    this.kind = kind;
    if (file) this.file = file;
  }
}
EngineFailure.prototype.name = "EngineFailure";

export function errorShape(/** @type {EngineError} */ { kind, message, file }) {
  return Object.freeze(file ? { kind, message, file } : { kind, message });
}
