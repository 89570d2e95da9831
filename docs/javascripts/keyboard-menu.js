/* Salvage Therapy Guide: the keyboard on a phone (scripts/theme/main.html loads this).
   Below Material's wide-screen width the site menu is a drawer, pushed off the screen while it is
   closed, but its links would still take the keyboard, out of sight. Here:
   - the closed drawer is `inert` (no focus, not read out), and stops being inert when it opens;
     on a wide screen, where the menu is always shown, it is never inert;
   - the header's menu button (a label for Material's hidden checkbox, which a keyboard cannot reach)
     is swapped for a real button with the same look: Enter or Space opens the menu, which takes the
     focus; Escape closes it and gives the focus back to the button. A real button, not a label given
     role="button", because ARIA does not allow that role on a label. Without this script the label
     still opens the menu with a tap;
   - the search results box is not a Tab stop while search is closed (it has no size then).
   Material opens and closes both with a click on its checkbox, so a "change" on it is all we follow.
   No inline code, no request. */
(function () {
  "use strict";
  var drawerToggle = document.getElementById("__drawer");
  var searchToggle = document.getElementById("__search");
  var drawer = document.querySelector(".md-sidebar--primary");
  var label = document.querySelector("label.md-header__button[for='__drawer']");
  var results = document.querySelector(".md-search__output");
  // Material's own breakpoint for the drawer (its stylesheet's max-width: 76.234375em).
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  if (!drawerToggle || !drawer) return;
  var openedByKey = false;
  var button = label && menuButton(label);

  function menuButton(label) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = label.className;
    made.setAttribute("data-drawer-button", "");
    made.setAttribute("aria-label", label.getAttribute("aria-label") || "Menu");
    made.setAttribute("aria-controls", drawer.id || (drawer.id = "site-menu"));
    while (label.firstChild) made.appendChild(label.firstChild);
    // A click from Enter or Space has no pointer position (detail 0); a tap moves no focus.
    made.addEventListener("click", function (event) {
      openedByKey = event.detail === 0;
      drawerToggle.click();
    });
    label.replaceWith(made);
    return made;
  }

  function update() {
    var closed = narrow.matches && !drawerToggle.checked;
    drawer.inert = closed;
    if (button) button.setAttribute("aria-expanded", String(!closed && narrow.matches));
  }

  drawerToggle.addEventListener("change", function () {
    update();
    // Opened from the keyboard: the focus goes to the menu's first link, as in any menu.
    if (drawerToggle.checked && narrow.matches && openedByKey) {
      var first = drawer.querySelector("a[href], label[tabindex], input:not([type=hidden])");
      if (first) setTimeout(function () { first.focus(); }, 0);
    }
  });
  if (narrow.addEventListener) narrow.addEventListener("change", update);
  else if (narrow.addListener) narrow.addListener(update);
  update();

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawerToggle.checked && narrow.matches) {
      drawerToggle.click();
      if (button) button.focus();
    }
  });

  if (searchToggle && results) {
    var searchClosed = function () { results.inert = !searchToggle.checked; };
    searchToggle.addEventListener("change", searchClosed);
    searchClosed();
  }
})();
