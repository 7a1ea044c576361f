// Admin Integrations page: refresh each vendor queue's figures in place.
(function () {
  var table = document.getElementById("queues");
  if (!table) return;
  var seconds = function (value) { return value === null || value === undefined ? "–" : value + " s"; };
  var refresh = function () {
    fetch(table.getAttribute("data-url"), { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) return;
        body.queues.forEach(function (queue) {
          var row = table.querySelector('tr[data-vendor="' + queue.vendor + '"]');
          if (!row) return;
          row.querySelectorAll("[data-figure]").forEach(function (cell) {
            var name = cell.getAttribute("data-figure");
            cell.textContent = name.indexOf("age") >= 0 ? seconds(queue[name]) : String(queue[name]);
          });
        });
      })
      .catch(function () {});
  };
  setInterval(refresh, 2000);
})();
