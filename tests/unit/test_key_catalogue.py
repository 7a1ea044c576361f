"""Keys are spelled in one catalogue per app, and every pattern is documented with the query it serves."""
from __future__ import annotations

import re
from pathlib import Path

from commerce.persistence import keys as commerce_keys
from dealroom.persistence import keys as dealroom_keys

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "data-model.md").read_text()
LITERAL_KEY = re.compile(r"""["'][A-Z][A-Z_]{2,}#""")


def test_every_key_pattern_is_documented():
    for pattern in commerce_keys.PATTERNS + dealroom_keys.PATTERNS:
        assert f"`{pattern}`" in DOC, f"{pattern} is not in docs/data-model.md"


def test_no_key_is_spelled_outside_the_key_catalogues():
    found = []
    for package in ("commerce", "dealroom", "storefront", "realtime", "config"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "keys.py" or "management" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if LITERAL_KEY.search(line) and not line.lstrip().startswith(("#", '"""')):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_scan_would_catch_a_literal_key():
    assert LITERAL_KEY.search('item = CartItem(f"CART#{cart_id}", "CART")')
