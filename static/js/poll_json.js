// pollJson(url, show): GETs `url` as JSON every second while show(data) returns true (retrying after 3 s when
// a request fails). Used by the pages that follow a Celery job: a rule run, a workbook of all tables.
window.pollJson = function (url, show) {
  "use strict";
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (show(data)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
};
