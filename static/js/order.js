// Order page: while the order awaits payment, follow its status live (the gateway's order socket, fed by
// the same outbox path as the deal rooms) and reload when it changes; poll the API where there is no socket.
(function () {
  "use strict";
  var root = document.getElementById("order");
  if (!root || !root.dataset.watch) return;
  var current = root.dataset.status, done = false;
  function changed(status, hasError) {
    if (done) return;
    if (status !== current || (hasError && !document.getElementById("payment-error"))) {
      done = true;
      window.location.replace(window.location.pathname);
    }
  }
  function poll(delay) {
    if (done) return;
    setTimeout(function () {
      fetch("/api/orders/" + root.dataset.orderId, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (order) { if (order) changed(order.status, !!order.payment.last_error); })
        .catch(function () {})
        .finally(function () { poll(Math.min(delay * 1.5, 5000)); });
    }, delay);
  }
  if (window.WebSocket) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/orders/" + root.dataset.orderId + "/");
    socket.onmessage = function (message) {
      var data = JSON.parse(message.data);
      if (data.kind === "order") changed(data.status, false);
    };
  }
  // payment errors are not status changes, and sockets can drop: a slow poll covers both
  poll(1500);
})();
