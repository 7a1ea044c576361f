"""The DynamoDB session engine against DynamoDB Local."""
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.test import Client

from commerce.persistence.session_store import SessionStore
from commerce.persistence.sessions import SK, SessionItem, session_pk


def test_round_trip(table):
    store = SessionStore()
    store["cart_id"] = "c-123"
    store.save()
    key = store.session_key
    assert key and SessionStore().exists(key)

    loaded = SessionStore(session_key=key)
    assert loaded["cart_id"] == "c-123"
    item = SessionItem.get(session_pk(key), SK)
    assert item.expires_at > datetime.now(UTC) + timedelta(days=13)


def test_modify_and_delete(table):
    store = SessionStore()
    store["n"] = 1
    store.save()
    store["n"] = 2
    store.save()
    assert SessionStore(session_key=store.session_key)["n"] == 2
    key = store.session_key
    store.delete()
    assert not SessionStore().exists(key)
    assert SessionStore(session_key=key).load() == {}


def test_expired_session_is_absent_before_ttl_deletes_it(table):
    key = "expired" + "x" * 25
    store = SessionStore()
    SessionItem(session_pk(key), SK, data=store.encode({"user": "u1"}),
                expires_at=datetime.now(UTC) - timedelta(seconds=1)).save()
    assert SessionItem.get(session_pk(key), SK)  # still in the table
    assert not SessionStore().exists(key)
    fresh = SessionStore(session_key=key)
    assert fresh.load() == {}
    assert fresh.session_key is None  # a new key will be drawn, the expired one is not reused as-is


def test_saving_a_session_deleted_meanwhile_does_not_resurrect_it(table):
    store = SessionStore()
    store["x"] = 1
    store.save()
    SessionStore(session_key=store.session_key).delete()  # e.g. logout in another tab
    store["x"] = 2
    with pytest.raises(UpdateError):
        store.save()


def test_create_never_overwrites_a_live_session(table, monkeypatch):
    first = SessionStore()
    first["owner"] = "a"
    first.save()
    keys = iter([first.session_key, "b" * 32])
    monkeypatch.setattr(SessionStore, "_get_new_session_key", lambda self: next(keys))
    second = SessionStore()
    second.create()
    assert second.session_key == "b" * 32
    assert SessionStore(session_key=first.session_key)["owner"] == "a"


def test_session_cookie_through_the_middleware(table, settings):
    from django.http import JsonResponse
    from django.urls import path

    def count(request):
        request.session["visits"] = request.session.get("visits", 0) + 1
        return JsonResponse({"visits": request.session["visits"]})

    import types

    urlconf = types.ModuleType("session_test_urls")
    urlconf.urlpatterns = [path("count", count)]
    import sys

    sys.modules["session_test_urls"] = urlconf
    settings.ROOT_URLCONF = "session_test_urls"
    client = Client()
    assert client.get("/count").json() == {"visits": 1}
    assert client.get("/count").json() == {"visits": 2}
    assert "sessionid" in client.cookies
