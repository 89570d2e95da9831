/* Salvage Therapy Guide: the one-page summary's Print button (scripts/salvage_site/print_summary.py
   writes it, hidden; scripts/theme/main.html loads this). A phone's browser keeps its Print command
   in a menu, so the summary shows a button that prints it. Where the site was built without its
   address (no SITE_URL), the summary's printed address is completed with the domain the reader is
   reading it on, so a printout says where to find the page again. No inline code, no request. */
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  document.querySelectorAll(".print-summary-button").forEach(function (button) {
    button.addEventListener("click", function () {
      // The summary is what the address #print-summary shows: make sure it is the one printed.
      if (location.hash !== "#print-summary") location.hash = "print-summary";
      window.print();
    });
    var actions = button.closest(".print-summary-actions");
    if (actions) actions.hidden = false;
  });
  document.querySelectorAll(".print-summary-button-said").forEach(function (said) { said.hidden = false; });
  if (/^https?:$/.test(location.protocol)) {
    document.querySelectorAll(".print-address__url[data-relative]").forEach(function (address) {
      address.textContent = location.origin + location.pathname;
    });
  }
})();
