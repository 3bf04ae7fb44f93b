// What a page controller shows, in one place for the guide (guide.mjs), practice mode (practice.mjs)
// and the consultation card (consult.mjs): its state on the root element (data-state, and aria-busy
// while loading), the loading note, how many views it has shown (data-views), moving the focus to a
// new view's heading, asking the engine for a view, and the one place a failure is shown, in the
// engine's error shape {kind, message, file?} (engine.mjs). No decision logic: views come from Python.
// Unit tests: tests/js/view-state.test.mjs.

/**
 * @typedef {object} Parts the elements of a controller's markup it shows things in
 * @property {HTMLElement} view where views are shown
 * @property {HTMLElement | null} [loading] the loading note, hidden when there is nothing to say
 * @property {HTMLElement | null} [loadingText] its words, where the controller sets them
 * @property {HTMLElement} errorBox where a failure is shown
 *
 * @typedef {object} Failure how a controller words a failure, and the way on without the engine
 * @property {string} title
 * @property {string} help said after "What failed: …."
 * @property {{href: string, text: string}} link
 * @property {string} log the console's prefix, such as "[decision-guide]"
 *
 * @typedef {object} Engine the part of engine.mjs's engine a controller uses
 * @property {"loading" | "ready" | "failed"} status
 * @property {EngineError | null} error
 * @property {(request: object) => Promise<any>} request
 *
 * @typedef {boolean | "unless-moved"} Focus whether a new view takes the focus; "unless-moved"
 *   only while the reader has not moved it meanwhile (a shared link opening)
 */

/**
 * True while the focus is nowhere in particular (the page itself) or inside root.
 * @param {HTMLElement} root
 */
export function focusIsFree(root) {
  const active = root.ownerDocument.activeElement;
  const page = root.ownerDocument;
  return !active || active === page.body || active === page.documentElement || root.contains(active);
}

/**
 * @param {HTMLElement} root
 * @param {Parts} parts
 * @param {{failure: Failure, startEngine: () => Engine, log?: Pick<Console, "error">}} how
 */
export function viewState(root, parts, { failure, startEngine, log = console }) {
  const { view, loading = null, loadingText = null, errorBox } = parts;

  /** @param {string} state */
  const setState = (state) => {
    root.dataset.state = state;
    root.setAttribute("aria-busy", String(state === "loading"));
  };

  /** @param {string} [text] nothing hides the note */
  const showLoading = (text) => {
    if (loading) loading.hidden = !text;
    if (loadingText) loadingText.textContent = text || "";
  };

  /** Count a view shown (data-views: what a test waits on) and show the state it is in. @param {string} state */
  const shown = (state) => {
    showLoading("");
    errorBox.hidden = true;
    setState(state);
    root.dataset.views = String(Number(root.dataset.views || 0) + 1);
  };

  /** @param {EngineError} error */
  const showError = (error) => {
    log.error(failure.log, error.message);
    showLoading("");
    setState("error");
    errorBox.hidden = false;
    const page = root.ownerDocument;
    /** @type {<K extends keyof HTMLElementTagNameMap>(tag: K, properties: object) => HTMLElementTagNameMap[K]} */
    const make = (tag, properties) => Object.assign(page.createElement(tag), properties);
    const { href, text } = failure.link;
    const link = make("a", { href, className: "md-button md-button--primary", textContent: text });
    errorBox.replaceChildren(
      make("p", { className: "guide-error__title", textContent: failure.title }),
      make("p", { textContent: `What failed: ${error.message}. ${failure.help}` }),
      link,
    );
    view.replaceChildren();
    link.focus();
  };

  /**
   * Ask the engine for a view. While it starts, the request waits and the note says `waitText`; a
   * failure of this request alone is shown here, one of the engine by its status event.
   * @param {object} request
   * @param {string} waitText
   * @param {(reply: any) => void} onReply
   */
  const ask = (request, waitText, onReply) => {
    const engine = startEngine();
    if (engine.status === "failed" && engine.error) {
      showError(engine.error);
      return;
    }
    if (engine.status === "loading") {
      setState("loading");
      showLoading(waitText);
    }
    engine
      .request(request)
      .then(onReply)
      .catch((error) => {
        if (engine.status !== "failed") showError(error);
      });
  };

  /**
   * Move the focus to a new view's heading, in the frame that draws it (focusing at once would
   * force a second, synchronous layout of the whole page), and bring it into sight with `reveal`.
   * @param {HTMLElement | null} heading
   * @param {Focus} focus
   * @param {(heading: HTMLElement) => void} reveal
   * @param {(then: () => void) => unknown} [nextFrame]
   */
  const focusHeading = (heading, focus, reveal, nextFrame = requestAnimationFrame) => {
    if (!focus || !heading) return;
    nextFrame(() => {
      if (!heading.isConnected || (focus === "unless-moved" && !focusIsFree(root))) return;
      heading.focus({ preventScroll: true });
      reveal(heading);
    });
  };

  return { setState, showLoading, shown, showError, ask, focusHeading };
}
