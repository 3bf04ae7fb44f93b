// Follow the system's light or dark setting without storing anything: Material's own
// palette toggle would remember the choice in localStorage on every page load.
(function () {
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    document.body.setAttribute("data-md-color-scheme", dark.matches ? "slate" : "default");
  }
  apply();
  if (dark.addEventListener) dark.addEventListener("change", apply);
})();
