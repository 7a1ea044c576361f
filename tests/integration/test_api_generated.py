"""Generated API cases (schemathesis over /api/openapi.json), anonymous and as a committee member: no server
error ever, and every answer conforms to the schema — its status is declared and its body matches the
response model (deal endpoints forbid extra fields, so a leaked field fails here)."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def api_schema(table):
    from django.core.wsgi import get_wsgi_application

    from tests import factories

    factories.product("GEN-1", price=1500, stock=20, category="generated")
    return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def member(api_schema):
    """A member (procurement: sees prices, edits the quote) of a deal, with a signed-in session."""
    from commerce.persistence.session_store import SessionStore
    from dealroom.auth import SESSION_MEMBERSHIPS
    from dealroom.services.deals import deal_create
    from dealroom.services.invites import invite_accept

    created = deal_create(account_name="Generated Co", owner="s@q.test", base_url="http://testserver",
                          members=(("proc@gen.test", "procurement", "Pat"),))
    joined = invite_accept(token=created.invites["proc@gen.test"].rstrip("/").rsplit("/", 1)[1])
    session = SessionStore()
    session[SESSION_MEMBERSHIPS] = {created.deal.id: joined.user.id}
    session.save()
    return {"deal_id": created.deal.id, "cookies": {"sessionid": session.session_key}}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@EXAMPLES
def test_anonymous_callers_never_break_the_api(case):
    case.validate_response(case.call(), checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_a_member_never_breaks_the_api_nor_receives_undeclared_fields(case, member):
    if case.path_parameters and "deal_id" in case.path_parameters:
        case.path_parameters["deal_id"] = member["deal_id"]
    case.validate_response(case.call(cookies=member["cookies"]), checks=CHECKS)
