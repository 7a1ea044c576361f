// Money as people read it, in the browser: the same text as commerce/domain/money.py's format_money, from
// the same tables. They come from the page (base.html's #money-formats json_script, generated from that
// module), so no list of currencies is written here. Amounts are integer minor units: 10 ** exponent of
// them make one unit (2 for USD, 0 for JPY, 3 for KWD).
(function () {
  "use strict";
  var tables = null, numberFormats = {};

  function load() {
    if (!tables) {
      var node = document.getElementById("money-formats");
      if (!node) throw new Error("money.js needs the page's #money-formats data (base.html)");
      tables = JSON.parse(node.textContent);
    }
    return tables;
  }

  function exponent(currency) {
    var t = load(), code = String(currency).toLowerCase();
    return Object.prototype.hasOwnProperty.call(t.exponents, code) ? t.exponents[code] : t.default_exponent;
  }

  function numberFormat(places) {
    if (!numberFormats[places]) {
      numberFormats[places] = new Intl.NumberFormat("en-US", {
        minimumFractionDigits: places, maximumFractionDigits: places, useGrouping: true
      });
    }
    return numberFormats[places];
  }

  // {amount: 123450, currency: usd} -> $1,234.50; {amount: 500, currency: jpy} -> ¥500
  function format(money) {
    if (!money) return "";
    var code = String(money.currency).toLowerCase(), places = exponent(code);
    var amount = Math.abs(money.amount), scale = Math.pow(10, places);
    var whole = Math.floor(amount / scale), fraction = amount % scale;
    // an exact decimal string (Intl reads strings without going through a float), not amount / scale
    var decimal = places ? whole + "." + String(fraction).padStart(places, "0") : String(whole);
    var number = numberFormat(places).format(decimal);
    var symbol = load().symbols[code];
    var shown = symbol ? symbol + number : number + " " + code.toUpperCase();
    return money.amount < 0 ? "-" + shown : shown;
  }

  window.QuorumMoney = { format: format };
})();
