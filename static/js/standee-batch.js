/* The standee batch page: poll its status and move the progress bar in place (smoother than
   the page's meta refresh, which works without JavaScript). */
(function () {
  // Smoother than the meta refresh: poll the status and move the bar in place.
  var box = document.getElementById("batch"), meta = document.querySelector('meta[http-equiv="refresh"]');
  if (!box || !window.fetch) return;
  if (meta) meta.parentNode.removeChild(meta);
  function tick() {
    fetch(box.getAttribute("data-status-url"), {headers: {"Accept": "application/json"}, cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        document.getElementById("batch-bar").style.width = s.percent + "%";
        box.querySelector("[role=progressbar]").setAttribute("aria-valuenow", s.percent);
        document.getElementById("batch-status").textContent = s.status_label;
        document.getElementById("batch-count").textContent = s.done + " / " + s.total;
        if (s.finished) { window.location.reload(); } else { setTimeout(tick, 1000); }
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 700);
})();
