// Bringing what the guide has just shown into view, below everything fixed at the top of the
// screen: Material's sticky header, and its "Back to top" pill, which appears as soon as the page
// scrolls up, just below the header, so over whatever the guide has just scrolled up to.

// The lowest edge of what covers the top of the screen. The pill counts while hidden too: the
// guide's own scroll up is what brings it in (it stays in the layout, faded out, when hidden).
function coveredTo() {
  const header = document.querySelector(".md-header");
  const pill = document.querySelector(".md-top");
  const bottoms = [header, pill]
    .filter((element) => element !== null)
    .map((element) => element.getBoundingClientRect())
    .filter((box) => box.height > 0)
    .map((box) => box.bottom);
  return Math.max(0, ...bottoms);
}

// Scroll so the heading is visible below what covers the top. When the view fits, show it from
// its top, so what comes before the heading (the recap, a safety step) is in sight too.
/**
 * @param {HTMLElement} heading
 * @param {HTMLElement} view
 */
export function bringIntoView(heading, view) {
  const top = coveredTo();
  const box = heading.getBoundingClientRect();
  const start = view.getBoundingClientRect().top;
  const margin = 8;
  const target = box.bottom - start + 2 * margin <= window.innerHeight - top ? start : box.top;
  if (target >= top && box.bottom <= window.innerHeight) return;
  window.scrollBy({ top: target - top - margin, behavior: "instant" });
}
