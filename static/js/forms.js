// Forms: a filter box above long checkbox grids, and error-summary links that focus their field.
// Without this file the grid is a plain grid and the links still jump to the field.
(function () {
  "use strict";
  function wireGrid(fieldset) {
    var box = fieldset.querySelector(".pn-grid-filter");
    var input = box && box.querySelector("[data-grid-filter]");
    var empty = box && box.querySelector("[data-grid-empty]");
    if (!input) { return; }
    var options = Array.prototype.slice.call(fieldset.querySelectorAll(".pn-check-grid .form-check"));
    box.hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      options.forEach(function (option) {
        var match = !needle || option.textContent.toLowerCase().indexOf(needle) !== -1;
        option.hidden = !match;
        if (match) { shown += 1; }
      });
      if (empty) { empty.hidden = shown !== 0; }
    });
    // Enter in the filter must not submit the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset.pn-grid").forEach(wireGrid);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus();
    }
  });
})();
