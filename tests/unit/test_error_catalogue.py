"""One error vocabulary: every code unique with an HTTP status and a description, the same codes published
as an enum in the OpenAPI schema, and the mapping used by every transport."""
from __future__ import annotations

import importlib
import pkgutil

import pytest

from commerce import errors

ALLOWED = {400, 401, 403, 404, 409, 410, 413, 422, 429, 502, 503}


@pytest.fixture(scope="module")
def catalogue():
    for package in ("commerce", "dealroom", "storefront", "realtime"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if ".management." not in info.name and ".migrations" not in info.name:
                importlib.import_module(info.name)
    return errors.catalogue()


def test_every_error_has_a_unique_code_a_status_and_a_description(catalogue):
    seen = {}
    for code, cls in catalogue.items():
        assert cls.status in ALLOWED, (code, cls.status)
        assert cls.description, code
        seen.setdefault(code, cls)
    classes = [cls for cls in _all(errors.QuorumError) if "code" in cls.__dict__]
    assert sorted(cls.code for cls in classes) == sorted(set(cls.code for cls in classes)), "duplicate codes"
    assert {cls.code for cls in classes} == set(catalogue)


def _all(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all(sub)


def test_a_second_class_with_a_taken_code_is_refused():
    with pytest.raises(TypeError, match="is used by"):
        type("Impostor", (errors.Conflict,), {"code": "not_found"})


def test_statuses_come_from_the_bases():
    from commerce.domain.cart import DealQuote, VersionConflict
    from commerce.payments.stripe_gateway import PaymentProviderError, PaymentProviderUnavailable
    from config.errors import status_of

    assert status_of(VersionConflict("x")) == status_of(DealQuote("x")) == 409
    assert status_of(errors.NotAllowed("x")) == 403 and status_of(errors.RateLimited("x")) == 429
    assert status_of(PaymentProviderError("x")) == 502 and status_of(PaymentProviderUnavailable("x")) == 503


def test_the_openapi_schema_publishes_the_catalogue(catalogue):
    from config.api import api

    schema = api.get_openapi_schema()
    code = schema["components"]["schemas"]["ErrorOut"]["properties"]["code"]
    assert code["enum"] == list(errors.catalogue())
    assert "version_conflict (409)" in code["description"]
