// What the guide's scripts use of the page beyond the DOM's own types: Material for MkDocs'
// observable of the page shown (its instant navigation), the Network Information API's data saver,
// and the engine's status event (engine.mjs), whose detail is the engine's state.

interface MaterialSubscription {
  unsubscribe(): void;
}

interface Window {
  /** Material's observable of each page it shows (instant navigation); absent without Material. */
  document$?: { subscribe(next: (document: Document) => void): MaterialSubscription };
  /** An answer given before guide.mjs listened, kept by early-start.js for guide.mjs to give again. */
  __decisionGuideEarlyAnswer?: { form: HTMLFormElement; submitter: HTMLElement | null };
  /** Test-only: the reader's pause, in milliseconds, that Material's search index waits for (search-later.js). */
  __decisionGuideSearchPauseMs?: number;
}

interface Navigator {
  /** The Network Information API, where the browser has it. */
  connection?: { saveData?: boolean; effectiveType?: string };
}

interface WindowEventMap {
  /** The engine's one status event (engine.mjs, STATUS_EVENT): its detail is the engine's state. */
  "decision-guide:status": CustomEvent;
}

/** The engine's one error shape (engine.mjs): what failed, in words, and the runtime file if one did. */
type EngineError = { kind: string; message: string; file?: string };
