// Admin deal page: the deal's insights follow the staff channel (/ws/staff/deals/<id>/) without a reload.
// A message carries the new score at once; the section is then fetched from its URL (rendered on the server).
// Drafts someone is editing are left alone. Without a websocket (or while it is down) the section is polled.
(function () {
  var root = document.getElementById("insights");
  if (!root) return;
  var revision = parseInt(root.dataset.revision || "0", 10);
  var delay = 1000, poller = null, fetching = false;

  function dirty(part) {
    var fields = part.querySelectorAll("input[type=text], textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value !== fields[i].defaultValue || fields[i] === document.activeElement) return true;
    }
    return false;
  }

  function swap(fresh, id) {
    var current = document.getElementById(id), next = fresh.querySelector("#" + id);
    if (current && next) current.replaceWith(next);
  }

  function refresh() {
    if (fetching) return;
    fetching = true;
    fetch(root.dataset.fragmentUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = document.createElement("template");
        fresh.innerHTML = html;
        var live = fresh.content.querySelector("#insights-live");
        var seen = live ? parseInt(live.dataset.revision || "0", 10) : 0;
        if (seen > revision) revision = seen;
        swap(fresh.content, "insights-live");
        var drafts = document.getElementById("insights-drafts");
        if (drafts && !dirty(drafts)) swap(fresh.content, "insights-drafts");
        root.dataset.revision = String(revision);
      })
      .catch(function () {})
      .then(function () { fetching = false; });
  }

  function onMessage(event) {
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (message.kind !== "insights" || message.revision <= revision) return;
    revision = message.revision;
    var score = document.getElementById("deal-score");
    if (score) score.textContent = String(message.score);
    refresh();
  }

  function poll(on) {
    if (on && !poller) poller = setInterval(refresh, 15000);
    if (!on && poller) { clearInterval(poller); poller = null; }
  }

  function connect() {
    if (!window.WebSocket) { poll(true); return; }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/staff/deals/" + root.dataset.dealId + "/?after=" + revision);
    socket.onopen = function () { delay = 1000; poll(false); };
    socket.onmessage = onMessage;
    socket.onclose = function () {
      poll(true);
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  connect();
})();
