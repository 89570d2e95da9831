/* Salvage Therapy Guide: on a touch screen, a first tap on a citation number shows its reference in
   place (Material's preview, as hovering or focusing does with a mouse or keyboard) instead of
   jumping to the bottom of the page; a second tap on the same number goes to the full entry.
   Loaded by scripts/theme/main.html (defer); no inline code, no request. Without it, a tap goes to
   the reference, as before. */
(function () {
  "use strict";
  var touch = window.matchMedia && window.matchMedia("(hover: none)");
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a.footnote-ref");
    if (!link || !touch || !touch.matches) return;
    if (link.hasAttribute("data-previewed")) return;  // second tap: go to the reference
    event.preventDefault();
    document.querySelectorAll("a.footnote-ref[data-previewed]").forEach(function (other) {
      other.removeAttribute("data-previewed");
    });
    link.setAttribute("data-previewed", "");
    link.focus({ preventScroll: true });
  });
})();
