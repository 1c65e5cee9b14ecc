// concord.js: a small enhancement; every page works without it.
//
// A document lists each glossary term it uses once, linked to the term's
// page, with a place for its summary. The summaries are in assets/terms.js,
// once for the whole site rather than in every page: here each place gets
// its summary, every link to the term in the text (the same href as the
// list's) is described by it (aria-describedby), and gets a preview of it
// beside it, which shows on hover and focus through CSS. Without this
// script the list names the terms, each linked to its page. WCAG 2.2 SC 1.4.13
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
    var defs = fillSummaries();
    var links = document.querySelectorAll("a.term__link");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var def = defs[link.getAttribute("href")];
      var name = def && def.previousElementSibling;
      if (!def || !name || link.parentNode.classList.contains("term")) {
        continue;
      }
      link.setAttribute("aria-describedby", def.id);
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

  // fillSummaries writes each listed term's summary from assets/terms.js
  // into its place (a dd with the id "Def-" and the term's id, after the
  // dt linking the term) and returns the places that have one, by the
  // href of the term's link.
  function fillSummaries() {
    var terms = window.__concordTerms || {};
    var byHref = {};
    var places = document.querySelectorAll(".side__terms dd[id^='Def-']");
    for (var i = 0; i < places.length; i++) {
      var place = places[i], id = place.id.slice(4);
      var name = place.previousElementSibling;
      var link = name && name.querySelector("a[href]");
      if (!place.textContent && Object.prototype.hasOwnProperty.call(terms, id)) {
        place.textContent = terms[id];
      }
      if (link && place.textContent) {
        byHref[link.getAttribute("href")] = place;
      }
    }
    return byHref;
  }

  // This script runs before assets/terms.js (both deferred, in page
  // order), so the previews wait for the page's scripts to have run.
  if (document.readyState === "complete") {
    addPreviews();
  } else {
    document.addEventListener("DOMContentLoaded", addPreviews);
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
