// concord.js: a small enhancement; every page works without it.
//
// Term previews show on hover and focus through CSS alone. WCAG 2.2 SC 1.4.13
// also asks that they can be dismissed without moving the pointer or the
// focus: Escape hides the previews that are showing until the pointer and
// the focus have both left the term.
(function () {
  "use strict";
  var root = document.documentElement;
  root.className += " js";

  function showing() {
    return document.querySelectorAll(".term:hover, .term:focus-within");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var open = showing();
    for (var i = 0; i < open.length; i++) {
      open[i].classList.add("term--dismissed");
    }
  });

  function reset(event) {
    var term = event.target.closest ? event.target.closest(".term") : null;
    if (!term || !term.classList.contains("term--dismissed")) {
      return;
    }
    // Wait for the pointer or focus to land, then look again.
    window.setTimeout(function () {
      if (!term.matches(":hover") && !term.matches(":focus-within")) {
        term.classList.remove("term--dismissed");
      }
    }, 0);
  }

  document.addEventListener("mouseout", reset);
  document.addEventListener("focusout", reset);
})();
