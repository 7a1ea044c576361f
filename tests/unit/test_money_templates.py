"""Pages show money through the domain's one formatter: the template filters call it, every page carries
its tables for the browser, and the browser's scripts format only through static/js/money.js (the same
formatter over those tables; tests/e2e/test_money_display.py checks it gives the server's text)."""
import re
from pathlib import Path

from commerce.domain.money import Money
from commerce.templatetags.ops import money_of
from storefront.templatetags.shop import money, money_formats_script

ROOT = Path(__file__).resolve().parents[2]


def test_money_filters_use_the_domain_formatter():
    assert money_of(500, "jpy") == "¥500"
    assert money_of(12500, "kwd") == "12.500 KWD"
    assert money_of(12500, "usd") == "$125.00"
    assert money_of("oops", "usd") == "oops" and money_of(5, "dollars") == "5"
    assert money(Money(1500, "jpy")) == "¥1,500"
    assert money(None) == ""


def test_pages_carry_the_currency_tables_for_the_browser():
    script = money_formats_script()
    assert script.startswith('<script id="money-formats" type="application/json">')
    assert '"jpy": 0' in script and '"kwd": 3' in script


def test_browser_scripts_format_money_only_through_money_js():
    """static/js/money.js formats from the page's tables; no other script divides by 100 or keeps a list."""
    scripts = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "static" / "js").glob("*.js")}
    assert {"money.js", "cart.js", "room.js", "ops.js"} <= set(scripts)
    assert "Intl.NumberFormat" in scripts["money.js"] and "money-formats" in scripts["money.js"]
    for name, text in scripts.items():
        assert not re.search(r"""["'](?:usd|eur|jpy|krw|kwd|bhd)["']""", text, re.IGNORECASE), name
        if name != "money.js":
            assert not re.search(r"/\s*100\b|toFixed\(|Intl\.NumberFormat", text), name
    for name in ("cart.js", "room.js"):
        assert "QuorumMoney.format" in scripts[name], name
