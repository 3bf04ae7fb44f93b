// The guide's download bar while the engine starts: it follows the bytes of the runtime received,
// and its label is told to screen readers politely, a quarter at a time, so it never talks over
// the question being answered.

/**
 * @param {HTMLProgressElement} bar
 * @param {HTMLElement} note
 * @param {{loaded: number, total: number} | null} progress
 */
export function showProgress(bar, note, progress) {
  if (!progress?.total) {
    bar.removeAttribute("value");
    return;
  }
  const percent = Math.floor((100 * progress.loaded) / progress.total);
  bar.max = 100;
  bar.value = percent;
  const done = percent >= 100;
  bar.setAttribute("aria-valuetext", done ? "All downloaded; almost ready" : `${percent}% of the guide downloaded`);
  const quarter = 25 * Math.floor(percent / 25);
  if (quarter !== Number(note.dataset.quarter ?? -1)) {
    note.dataset.quarter = String(quarter);
    note.textContent = done ? "All downloaded. Almost ready." : quarter > 0 ? `${quarter}% downloaded.` : "";
  }
}
