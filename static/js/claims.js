// Claim forms: show the refund amount only when a partial refund is chosen.
// Without JavaScript the field is always shown (and ignored unless needed).
(function () {
  "use strict";
  function toggle(form, selector, wrapperClass) {
    var wrapper = form.querySelector("." + wrapperClass);
    if (!wrapper) { return; }
    var chosen = form.querySelector(selector + ":checked") || form.querySelector("select" + selector);
    var value = chosen ? chosen.value : "";
    wrapper.hidden = value !== "partial_refund";
  }
  function wire(selector, wrapperClass) {
    document.querySelectorAll("." + wrapperClass).forEach(function (wrapper) {
      var form = wrapper.closest("form");
      if (!form) { return; }
      toggle(form, selector, wrapperClass);
      form.addEventListener("change", function (event) {
        if (event.target.matches(selector)) { toggle(form, selector, wrapperClass); }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    wire("[name=remedy]", "js-amount");
    wire("[name=offer_remedy]", "js-offer-amount");
  });
})();
