// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Language switch (and any select marked js-autosubmit) submits on change.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains("js-autosubmit") && el.form) {
      el.form.submit();
    }
  });

  // Bars in charts: width from data-pct (CSP forbids inline style attributes).
  function drawBars(root) {
    (root || document).querySelectorAll("[data-pct]").forEach(function (bar) {
      var pct = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-pct")) || 0));
      bar.style.width = pct + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawBars(document); });
  window.PartnerNet = { drawBars: drawBars };
})();
