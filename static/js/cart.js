// Cart page: quantity changes and removals go straight to the JSON API, without a full reload.
(function () {
  "use strict";
  var root = document.getElementById("cart");
  if (!root) return;
  var cartId = root.dataset.cartId;
  var statusEl = document.getElementById("cart-status");
  var checkout = document.getElementById("checkout");
  var pending = 0;

  var format = window.QuorumMoney.format;  // static/js/money.js, loaded before this script

  function say(text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? "field-error" : "muted";
  }

  function render(cart) {
    root.dataset.version = cart.version;
    var bySku = {};
    cart.lines.forEach(function (line) { bySku[line.sku] = line; });
    root.querySelectorAll("tbody tr[data-sku]").forEach(function (row) {
      var line = bySku[row.dataset.sku];
      if (!line) { row.remove(); return; }
      row.querySelector(".line-total").textContent = format(line.line_total);
      var input = row.querySelector(".qty");
      if (document.activeElement !== input) input.value = line.quantity;
    });
    document.getElementById("cart-total").textContent = format(cart.total);
    if (!cart.lines.length) window.location.reload();  // show the empty state
  }

  function send(sku, quantity) {
    pending += 1;
    checkout.disabled = true;
    say("Saving…", false);
    var request = quantity === 0
      ? fetch("/api/carts/" + cartId + "/lines/" + encodeURIComponent(sku), { method: "DELETE" })
      : fetch("/api/carts/" + cartId + "/lines/" + encodeURIComponent(sku), {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ quantity: quantity })
        });
    return request
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok) { render(result.body); say("Saved.", false); }
        else { say(result.body.detail || "Could not update the cart.", true); }
      })
      .catch(function () { say("Network problem: your change was not saved. Try again.", true); })
      .finally(function () {
        pending -= 1;
        if (!pending) checkout.disabled = false;
      });
  }

  var timers = {};
  root.addEventListener("input", function (event) {
    if (!event.target.classList.contains("qty")) return;
    var row = event.target.closest("tr");
    var value = event.target.value;
    clearTimeout(timers[row.dataset.sku]);
    if (!/^\d+$/.test(value) || Number(value) > 10000) {
      say("Enter a whole number between 0 and 10,000.", true);
      return;
    }
    timers[row.dataset.sku] = setTimeout(function () { send(row.dataset.sku, Number(value)); }, 300);
  });
  root.addEventListener("click", function (event) {
    if (!event.target.classList.contains("remove")) return;
    send(event.target.closest("tr").dataset.sku, 0);
  });
})();
