// Terms editor: a button to add another "your own parameter" row. Without JS the
// form already offers two empty rows, and saving offers two more.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.terms-form");
    if (!form) { return; }
    var rows = form.querySelectorAll(".extra-row");
    if (!rows.length) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary mb-3";
    button.textContent = form.getAttribute("data-add-label") || "Add another parameter";
    rows[rows.length - 1].parentNode.appendChild(button);
    button.addEventListener("click", function () {
      var all = form.querySelectorAll(".extra-row");
      var last = all[all.length - 1];
      var index = all.length;
      var clone = last.cloneNode(true);
      clone.querySelectorAll("input").forEach(function (input) {
        input.value = "";
        input.classList.remove("is-invalid");
        input.name = input.name.replace(/extra_\d+_/, "extra_" + index + "_");
        input.id = input.id.replace(/extra_\d+_/, "extra_" + index + "_");
        input.removeAttribute("aria-describedby");
      });
      clone.querySelectorAll("label").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/extra_\d+_/, "extra_" + index + "_");
        label.textContent = label.textContent.replace(/\d+/, String(index + 1));
      });
      clone.querySelectorAll(".invalid-feedback, .form-text").forEach(function (el) { el.remove(); });
      last.parentNode.insertBefore(clone, button);
      var first = clone.querySelector("input");
      if (first) { first.focus(); }
    });
  });
})();
