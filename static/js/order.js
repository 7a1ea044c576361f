// Order page: while the order awaits payment, watch its status and refresh the page when it changes
// (the webhook from Stripe may land a moment after the buyer comes back).
(function () {
  "use strict";
  var root = document.getElementById("order");
  if (!root || !root.dataset.watch) return;
  var started = Date.now();
  function check() {
    fetch("/api/orders/" + root.dataset.orderId, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (order) {
        if (order && (order.status !== root.dataset.status ||
                      (order.payment.last_error && !document.getElementById("payment-error")))) {
          window.location.replace(window.location.pathname);
          return;
        }
        var elapsed = Date.now() - started;
        if (elapsed < 10 * 60 * 1000) setTimeout(check, elapsed < 60000 ? 1000 : 5000);
      })
      .catch(function () { setTimeout(check, 5000); });
  }
  setTimeout(check, 1000);
})();
