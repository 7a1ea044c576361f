// Deal room: renders the role-filtered room JSON, edits the quote with version pinning (a conflict shows
// the latest quote and what changed), approves, pays, and follows the deal's event log live (polling
// GET /api/deals/{id}/events?after=SEQ; the websocket gateway replaces polling where it runs).
(function () {
  "use strict";
  var room = JSON.parse(document.getElementById("room-data").textContent);
  var events = JSON.parse(document.getElementById("room-events").textContent);
  var lastSeq = room.last_event_seq;
  var base = "/api/deals/" + room.id;
  var $ = function (id) { return document.getElementById(id); };

  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  var money = window.QuorumMoney.format;  // static/js/money.js, loaded before this script
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function call(method, url, body) {
    return fetch(url, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; }); });
  }
  function notice(text, kind) {
    var n = $("quote-notice");
    n.textContent = text || "";
    n.className = kind ? "message " + kind : "";
  }

  function renderQuote(changed) {
    var q = room.quote, prices = q.prices_visible, edit = room.you.can_edit && q.status === "open";
    $("quote-version").textContent = "version " + q.version;
    var head = $("quote-table").tHead, body = $("quote-table").tBodies[0], foot = $("quote-table").tFoot;
    head.innerHTML = ""; body.innerHTML = ""; foot.innerHTML = "";
    var hr = el("tr");
    ["Product", "Quantity"].concat(prices ? ["Unit price", "Total"] : []).forEach(function (h, i) {
      hr.appendChild(el("th", { scope: "col", class: i > 1 ? "num" : "" }, h));
    });
    head.appendChild(hr);
    if (!q.lines.length) {
      var empty = el("tr"); empty.appendChild(el("td", { colspan: prices ? 4 : 2, class: "muted" }, "The quote is empty."));
      body.appendChild(empty);
    }
    q.lines.forEach(function (line) {
      var tr = el("tr", { "data-sku": line.sku });
      if (changed && changed[line.sku]) tr.className = "changed";
      var name = el("td"); name.appendChild(el("span", {}, line.name));
      var meta = line.sku + (line.available !== undefined ? " · " + line.available + " in stock" : "");
      name.appendChild(el("div", { class: "muted sku" + (line.available < line.quantity ? " short" : "") }, meta));
      tr.appendChild(name);
      var qty = el("td");
      if (edit) {
        var input = el("input", { type: "number", min: "0", max: "10000", class: "qty", value: line.quantity,
                                  "aria-label": "Quantity of " + line.name });
        qty.appendChild(input);
      } else { qty.textContent = line.quantity; }
      tr.appendChild(qty);
      if (prices) {
        tr.appendChild(el("td", { class: "num" }, money(line.unit_price)));
        tr.appendChild(el("td", { class: "num line-total" }, money(line.line_total)));
      }
      body.appendChild(tr);
    });
    if (prices) {
      var fr = el("tr"); fr.appendChild(el("th", { scope: "row", colspan: 3 }, "Total"));
      fr.appendChild(el("td", { class: "num", id: "quote-total" }, money(q.total))); foot.appendChild(fr);
    }
    $("add-line").hidden = !edit;
  }

  function renderApprovals() {
    var a = room.approvals, list = $("approvals");
    list.innerHTML = "";
    a.required.forEach(function (r) {
      var li = el("li", { class: r.approved ? "ok" : "waiting", "data-role": r.role });
      li.appendChild(el("strong", {}, r.role_label));
      li.appendChild(document.createTextNode(r.approved ? " — approved by " + r.by : " — waiting"));
      list.appendChild(li);
    });
    var box = $("approve-box"); box.innerHTML = "";
    var mine = a.required.filter(function (r) { return r.role === room.you.role; })[0];
    if (room.you.can_approve && mine && !mine.approved && room.quote.status === "open" && room.quote.lines.length) {
      var b = el("button", { type: "button", id: "approve" }, "Approve version " + room.quote.version);
      b.addEventListener("click", approve);
      box.appendChild(b);
    }
    var pay = $("pay-box"); pay.innerHTML = "";
    if (room.order) {
      var p = el("p", { id: "order-line" }, "Order " + room.order.status.replace(/_/g, " "));
      pay.appendChild(p);
      var url = room.order.status === "pending_payment" && (room.order.checkout_url || room.order.invoice_url);
      if (url) pay.appendChild(el("a", { class: "button", href: url }, room.order.invoice_url ? "Open the invoice" : "Continue to payment"));
    } else if (room.you.can_pay) {
      if (a.ready) {
        var card = el("button", { type: "button", id: "pay-card" }, "Pay by card");
        card.addEventListener("click", function () { payWith({ method: "card" }); });
        var inv = el("button", { type: "button", class: "secondary", id: "pay-invoice" }, "Request invoice (net 30)");
        inv.addEventListener("click", function () { payWith({ method: "invoice", net_days: 30 }); });
        pay.appendChild(card); pay.appendChild(inv);
      } else {
        pay.appendChild(el("p", { class: "muted" }, "Payment opens once every required role has approved this version."));
      }
    } else if (a.ready) {
      pay.appendChild(el("p", { class: "muted", id: "ready-note" }, "Ready: the economic buyer can now pay."));
    }
  }

  function renderMembers() {
    var ul = $("members"); ul.innerHTML = "";
    room.members.forEach(function (m) {
      var li = el("li"); li.appendChild(el("span", {}, m.name)); li.appendChild(el("span", { class: "badge" }, m.role_label));
      ul.appendChild(li);
    });
  }

  // Each event arrives with its summary, written by the server from what this member may see; its
  // label (the type's name for people) comes from the server's one list, not from this script.
  var labels = JSON.parse(document.getElementById("event-labels").textContent);
  function describe(e) { return e.summary || labels[e.type] || e.type; }
  function renderActivity() {
    var ol = $("activity"); ol.innerHTML = "";
    events.slice().reverse().slice(0, 40).forEach(function (e) {
      var li = el("li", { "data-seq": e.seq });
      li.appendChild(el("span", {}, describe(e)));
      li.appendChild(el("time", { class: "muted", datetime: new Date(e.at * 1000).toISOString() },
                        new Date(e.at * 1000).toISOString().slice(0, 16).replace("T", " ")));
      ol.appendChild(li);
    });
  }
  function render(changed) { renderQuote(changed); renderApprovals(); renderMembers(); renderActivity(); }

  function diff(before, after) {
    var old = {}, changed = {};
    before.lines.forEach(function (l) { old[l.sku] = l.quantity; });
    after.lines.forEach(function (l) { if (old[l.sku] !== l.quantity) changed[l.sku] = true; });
    return changed;
  }
  function refresh(changedHint) {
    return call("GET", base).then(function (r) {
      if (!r.ok) return;
      var before = room.quote;
      room = r.body;
      render(changedHint || diff(before, room.quote));
    });
  }

  function seenQuantity(sku) {
    var line = room.quote.lines.filter(function (l) { return l.sku === sku; })[0];
    return line ? line.quantity : 0;
  }
  function setLine(sku, quantity) {
    notice("Saving…");
    // pin the line at the quantity this member saw: a concurrent change of the same line is a conflict
    return call("PUT", base + "/quote/lines/" + encodeURIComponent(sku),
                { quantity: quantity, expected_quantity: seenQuantity(sku) }).then(function (r) {
      if (r.ok) { room = r.body; render(); notice("Saved.", "success"); return; }
      if (r.body.code === "version_conflict") {
        var before = room.quote;
        return call("GET", base).then(function (latest) {
          room = latest.body;
          render(diff(before, room.quote));
          notice("Someone changed the quote while you were editing. The latest version is shown with the changes " +
                 "highlighted; your change was not applied — enter it again if you still want it.", "error");
        });
      }
      notice(r.body.detail || "Could not save the change.", "error");
    }).catch(function () { notice("Network problem: the change was not saved.", "error"); });
  }

  function approve() {
    call("POST", base + "/approvals", { quote_version: room.quote.version }).then(function (r) {
      if (r.ok) { room = r.body; render(); return; }
      notice(r.body.detail || "Could not approve.", "error");
      refresh();
    });
  }
  function payWith(body) {
    call("POST", base + "/pay", body).then(function (r) {
      if (r.ok && r.body.redirect_url) { window.location.assign(r.body.redirect_url); return; }
      notice(r.body.detail || "Could not start the payment.", "error");
    });
  }

  var timers = {};
  document.getElementById("quote-table").addEventListener("input", function (event) {
    if (!event.target.classList.contains("qty")) return;
    var sku = event.target.closest("tr").dataset.sku, value = event.target.value;
    clearTimeout(timers[sku]);
    if (!/^\d+$/.test(value)) { notice("Enter a whole number between 0 and 10,000.", "error"); return; }
    timers[sku] = setTimeout(function () { setLine(sku, Number(value)); }, 400);
  });
  $("add-line").addEventListener("submit", function (event) {
    event.preventDefault();
    var sku = $("add-sku").value, qty = Number($("add-qty").value);
    if (!sku || !(qty > 0)) { notice("Choose a product and a quantity.", "error"); return; }
    setLine(sku, seenQuantity(sku) + qty);
  });
  fetch("/api/products?limit=100").then(function (r) { return r.json(); }).then(function (page) {
    var select = $("add-sku");
    page.items.forEach(function (p) { select.appendChild(el("option", { value: p.sku }, p.name)); });
  });

  function onEvents(list) {
    if (!list.length) return;
    events = events.concat(list);
    lastSeq = list[list.length - 1].seq;
    var editing = document.activeElement && document.activeElement.classList.contains("qty");
    if (!editing) { refresh(); } else { renderActivity(); }
  }

  // Live: the websocket gateway; where there is none (Lambda) or it drops, poll the event log instead.
  var socket = null, polling = false, backoff = 1000;
  function connect() {
    if (!window.WebSocket) { startPolling(); return; }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/deals/" + room.id + "/?after=" + lastSeq);
    socket.onopen = function () { polling = false; backoff = 1000; };
    socket.onmessage = function (message) {
      var data = JSON.parse(message.data);
      if (data.kind === "event" && data.event.seq > lastSeq) onEvents([data.event]);
    };
    socket.onclose = function () {
      socket = null;
      startPolling();
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 15000);
    };
  }
  function startPolling() {
    if (polling) return;
    polling = true;
    poll();
  }
  function poll() {
    if (!polling) return;
    fetch(base + "/events?after=" + lastSeq, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (page) { if (page) onEvents(page.events); })
      .catch(function () {})
      .finally(function () { if (polling) setTimeout(poll, 1500); });
  }
  // a pending order changes state through Stripe, not through the deal's log: follow it too
  setInterval(function () { if (room.order && room.order.status === "pending_payment") refresh(); }, 2000);

  render();
  connect();
})();
