import pytest

from commerce.errors import InvalidInput
from commerce.services.pagination import clamp_limit, decode_cursor, encode_cursor


def test_round_trip():
    key = {"PK": {"S": "PRODUCT#A"}, "SK": {"S": "PRODUCT"},
           "GSI1PK": {"S": "CATEGORY#x"}, "GSI1SK": {"S": "PRICE#1#A"}}
    assert decode_cursor(encode_cursor(key)) == key
    assert encode_cursor(None) is None and decode_cursor("") is None


@pytest.mark.parametrize("cursor", ["%%%", "bm90IGpzb24", "WzEsMl0", "eyJQSyI6IDF9"])
def test_garbage_cursors_are_clear_errors(cursor):
    with pytest.raises(InvalidInput, match="cursor is not valid"):
        decode_cursor(cursor)


def test_limit_bounds():
    assert clamp_limit(None) == 24
    with pytest.raises(InvalidInput):
        clamp_limit(0)
    with pytest.raises(InvalidInput):
        clamp_limit(101)
