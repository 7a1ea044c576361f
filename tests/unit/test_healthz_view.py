"""/healthz aggregates probes: 200 when all are up, 503 naming what is down. Probes are faked here
(they are our own interface); the real services are checked in tests/integration/test_healthz.py."""
import pytest
from django.test import Client

from config import health


@pytest.fixture
def probes(monkeypatch, settings):
    settings.HEALTH_CHECKS = ["alpha", "beta"]
    registry = {"alpha": "tests.unit.test_healthz_view.probe_up", "beta": "tests.unit.test_healthz_view.probe_up"}
    monkeypatch.setattr(health, "PROBES", registry)
    return registry


def probe_up(timeout: float) -> str:
    return "ok"


def probe_down(timeout: float) -> str:
    raise ConnectionRefusedError("connection refused")


def test_all_up_is_200_with_latency(probes):
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"alpha", "beta"}
    assert all(check["status"] == "up" and check["latency_ms"] >= 0 for check in body["checks"].values())


def test_one_down_is_503_naming_it(probes):
    probes["beta"] = "tests.unit.test_healthz_view.probe_down"
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["beta"]
    assert body["checks"]["alpha"]["status"] == "up"
    assert "connection refused" in body["checks"]["beta"]["error"]


def test_only_get_is_allowed(probes):
    assert Client().post("/healthz").status_code == 405
