// The engine's worker as the page's first script created it (guide/js/early-start.js, inlined
// by guide/page_loading.py), taken over once by engine.mjs; null where there is none. Reading
// its `worker` starts it if the page has not yet done so (it waits for the first paint). What
// the worker said before engine.mjs arrived (a failure, say) is told again once engine.mjs listens.

export function takeEarlyWorker() {
  const early = globalThis.__decisionGuideEarlyWorker;
  delete globalThis.__decisionGuideEarlyWorker;
  if (!early) return null;
  const { worker } = early;
  const events = early.take();
  if (!worker) return null;
  queueMicrotask(() => {
    for (const event of events) {
      worker.dispatchEvent(
        event.type === "message"
          ? new MessageEvent("message", { data: event.data })
          : new ErrorEvent(event.type, { message: event.message }),
      );
    }
  });
  return worker;
}
