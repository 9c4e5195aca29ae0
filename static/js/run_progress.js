// Polls a rule run's progress (validation:run-progress-json) until it has finished or failed.
(function () {
  "use strict";
  var root = document.getElementById("run");
  if (!root) { return; }
  // Labels and the counts sentence come translated from the page (validation/run_progress.html).
  var labels = { running: root.dataset.running, finished: root.dataset.finished, failed: root.dataset.failed,
                 waiting: root.dataset.waiting };
  function show(data) {
    document.getElementById("run-bar").value = data.percent;
    document.getElementById("run-bar").textContent = data.percent + " %";
    // "waiting": no part has finished for a while (no worker is up, or the one that was died: its part is redone).
    var state = data.status === "running" && data.waiting ? "waiting" : data.status;
    document.getElementById("run-status").textContent = labels[state] || data.status;
    document.getElementById("run-done").textContent = data.done;
    document.getElementById("run-total").textContent = data.total;
    if (data.status === "finished") {
      var c = data.counts || {};
      document.getElementById("run-counts").textContent =
        root.dataset.counts.replace("{e}", c.error || 0).replace("{w}", c.warning || 0).replace("{i}", c.info || 0);
    } else if (data.status === "failed") {
      document.getElementById("run-counts").textContent = data.error;
    }
    return data.status === "running";
  }
  window.pollJson(root.dataset.url, show);
})();
