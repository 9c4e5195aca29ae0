// Polls the status of an Excel file of all tables (tables:workbook-status) until it is ready or has failed.
(function () {
  "use strict";
  var root = document.getElementById("workbook");
  if (!root) { return; }
  // Labels come translated from the page (surveys/tables/workbook_status.html).
  var labels = { running: root.dataset.running, finished: root.dataset.finished, failed: root.dataset.failed };
  function show(data) {
    document.getElementById("workbook-status").textContent = labels[data.status] || data.status;
    document.getElementById("workbook-link").hidden = data.status !== "finished";
    var error = document.getElementById("workbook-error");
    error.textContent = data.error || "";
    error.hidden = !data.error;
    return data.status === "running";
  }
  window.pollJson(root.dataset.url, show);
})();
