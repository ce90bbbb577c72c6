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

// The claim details step saves the draft in the background as the seller types,
// so closing the tab loses nothing. The buttons still save without JavaScript.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.js-autosave");
    if (!form || !window.fetch || !window.FormData) { return; }
    var status = form.querySelector(".js-autosave-status");
    var timer = null;
    function save() {
      var data = new FormData(form);
      data.set("action", "autosave");
      // form.action is shadowed by the buttons named "action": read the attribute.
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        if (response.ok && status) {
          var now = new Date();
          var hh = String(now.getHours()).padStart(2, "0");
          var mm = String(now.getMinutes()).padStart(2, "0");
          status.textContent = status.getAttribute("data-saved-text") + " " + hh + ":" + mm;
        }
      }).catch(function () { /* offline: the buttons still save */ });
    }
    function later() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, 1500);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  });
})();
