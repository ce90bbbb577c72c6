// Directory filters update the results in place; without JavaScript the form submits normally.
(function () {
  "use strict";
  var form = document.getElementById("directory-form");
  if (!form || !window.fetch || !window.DOMParser) { return; }
  var pending = null;

  function queryOf(f) {
    var params = new URLSearchParams(new FormData(f));
    Array.from(params.keys()).forEach(function (key) {
      if (!params.get(key)) { params.delete(key); }
    });
    return params.toString();
  }

  function load(url, push) {
    var results = document.getElementById("directory-results");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    if (results) { results.classList.add("is-loading"); }
    fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: pending.signal, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("directory-form");
        if (!fresh) { window.location.href = url; return; }
        var activeId = document.activeElement && document.activeElement.id;
        form.innerHTML = fresh.innerHTML;
        var again = activeId && document.getElementById(activeId);
        if (again) { again.focus(); }
        document.title = doc.title;
        if (push) { window.history.pushState({ directory: true }, "", url); }
        if (window.PartnerNet && window.PartnerNet.drawBars) { window.PartnerNet.drawBars(form); }
      })
      .catch(function (err) { if (err.name !== "AbortError") { window.location.href = url; } });
  }

  form.addEventListener("change", function (event) {
    if (event.target.classList.contains("js-directory-auto")) {
      load(form.action + "?" + queryOf(form), true);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(form.action + "?" + queryOf(form), true);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#directory-results .pagination a, #directory-results .empty-state a");
    if (link && link.getAttribute("href").charAt(0) === "?") {
      event.preventDefault();
      load(form.action + link.getAttribute("href"), true);
      var top = document.getElementById("results-heading");
      if (top) { top.scrollIntoView({ block: "start" }); }
    }
  });
  window.addEventListener("popstate", function () { load(window.location.href, false); });
})();
