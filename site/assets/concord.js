// concord.js: a small enhancement; every page works without it.
//
// A document lists each glossary term it uses once, with its summary, and
// every link to the term in the text is described by that summary
// (aria-describedby). Here each such link gets a preview of the summary
// beside it, which shows on hover and focus through CSS. WCAG 2.2 SC 1.4.13
// also asks that previews can be dismissed without moving the pointer or
// the focus: Escape hides the previews that are showing until the pointer
// and the focus have both left the term.
(function () {
  "use strict";
  var root = document.documentElement;
  root.className += " js";

  // The preview repeats, for the eye, the description screen readers
  // already hear, so it is hidden from them.
  function addPreviews() {
    var links = document.querySelectorAll("a.term__link[aria-describedby]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var def = document.getElementById(link.getAttribute("aria-describedby"));
      var name = def && def.previousElementSibling;
      if (!def || !name || link.parentNode.classList.contains("term")) {
        continue;
      }
      var term = document.createElement("span");
      term.className = "term";
      var preview = document.createElement("span");
      preview.className = "term__preview";
      preview.setAttribute("aria-hidden", "true");
      var title = document.createElement("span");
      title.className = "term__preview-name";
      title.textContent = name.textContent;
      preview.appendChild(title);
      preview.appendChild(document.createTextNode(" " + def.textContent));
      link.parentNode.insertBefore(term, link);
      term.appendChild(link);
      term.appendChild(preview);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addPreviews);
  } else {
    addPreviews();
  }

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
