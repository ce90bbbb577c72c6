// Reviewer workspace: fill the decision form from a decision template. The page works without it.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.classList || !select.classList.contains("js-decision-template")) { return; }
    var option = select.options[select.selectedIndex];
    if (!option || !option.value) { return; }
    var form = document.querySelector("#decide form");
    if (!form) { return; }
    var rationale = form.querySelector("[name=rationale]");
    if (rationale && (!rationale.value.trim() || window.confirm(select.getAttribute("data-replace-confirm") || "Replace the rationale with the template text?"))) {
      rationale.value = option.getAttribute("data-text") || "";
    }
    var outcome = option.getAttribute("data-outcome");
    if (outcome && form.querySelector("[name=outcome]")) { form.querySelector("[name=outcome]").value = outcome; }
    var reason = option.getAttribute("data-reason");
    if (reason && form.querySelector("[name=reason_code]")) { form.querySelector("[name=reason_code]").value = reason; }
  });
})();
