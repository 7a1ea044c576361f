"""The vendor-facing GraphQL queries through the AppSync simulator, signed with SigV4 (IAM) like a vendor's
consumer role would: deal(id), dealEvents(dealId, after, limit) and order(id), resolved by the AppSync
resolvers straight from the table (DynamoDB data source on DynamoDB Local). The API key cannot use them."""
import json
import urllib.request

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from dealroom.services.approvals import approval_give
from dealroom.services.deal_admin import deal_update
from dealroom.services.deals import deal_create
from dealroom.services.invites import invite_accept
from dealroom.services.log import deal_read
from dealroom.services.pay import deal_order
from dealroom.services.quote import quote_line_set
from devstack.process import free_port
from devstack.services import AppSyncSimulator
from tests import factories

QUERY = """
query Vendor($deal: ID!, $order: ID!, $after: Int, $limit: Int) {
  deal(id: $deal) { id accountName stage currency expectedValue requiredRoles approvals lastEventSeq orderId
                    createdAt stageChangedAt }
  dealEvents(dealId: $deal, after: $after, limit: $limit) { dealId seq type version at payload }
  order(id: $order) { id status currency total amountRefunded version dealId lines { sku name quantity unitAmount } }
}
"""


@pytest.fixture
def vendor_api(services, table, tmp_path):
    """A simulator whose DynamoDB data source reads this test's table."""
    api = AppSyncSimulator(port=free_port(), api_key="da2-vendortestkey", dynamodb_url=services.dynamodb.url,
                           table=table, name="appsync-vendor")
    proc = api.process(tmp_path).start()
    yield api
    proc.stop()


def call(api, variables, *, signed=True):
    body = json.dumps({"query": QUERY, "variables": variables}).encode()
    headers = {"content-type": "application/json"}
    if signed:
        request = AWSRequest(method="POST", url=api.url, data=body, headers=headers)
        SigV4Auth(Credentials("AKIAVENDOR", "vendor-secret"), "appsync", "us-east-1").add_auth(request)
        headers = dict(request.headers.items())
    else:
        headers["x-api-key"] = api.api_key
    with urllib.request.urlopen(urllib.request.Request(api.url, data=body, headers=headers), timeout=10) as answer:
        return json.loads(answer.read())


def test_a_vendor_reads_deals_their_events_and_orders_with_iam(table, vendor_api):
    factories.product("GQL-1", price=2500, stock=20)
    created = deal_create(account_name="Graph Co", owner="s@q.test", base_url="http://testserver",
                          members=(("eb@g.test", "economic_buyer", "Eve"),), required_roles=("economic_buyer",),
                          expected_value=90000, internal_notes="do not tell the vendors")
    deal_id = created.deal.id
    eb = invite_accept(token=created.invites["eb@g.test"].rstrip("/").rsplit("/", 1)[1]).user.id
    quote_line_set(deal_id=deal_id, user_id=eb, sku="GQL-1", quantity=4)
    approval_give(deal_id=deal_id, user_id=eb, quote_version=2)
    deal_update(deal_id=deal_id, expected_version=deal_read(deal_id).version, actor="s@q.test",
                changes={"stage": "proposal", "internal_notes": "still secret"})
    _, _, order = deal_order(deal_id=deal_id, user_id=eb)

    answer = call(vendor_api, {"deal": deal_id, "order": order.id, "after": 0, "limit": 100})
    assert "errors" not in answer, answer
    deal = answer["data"]["deal"]
    assert (deal["id"], deal["accountName"], deal["stage"], deal["expectedValue"]) == (deal_id, "Graph Co", "proposal",
                                                                                      90000)
    assert deal["orderId"] == order.id and deal["lastEventSeq"] == 6
    assert json.loads(deal["approvals"]) == {"economic_buyer": {"quote_version": 2, "at": pytest.approx(
        deal_read(deal_id).approvals["economic_buyer"]["at"])}}
    events = answer["data"]["dealEvents"]
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5, 6]
    assert [e["type"] for e in events] == ["member.invited", "member.joined", "quote.line_set", "approval.given",
                                           "deal.updated", "order.created"]
    payloads = [json.loads(e["payload"]) for e in events]
    assert payloads[0] == {"name": "Eve", "role": "economic_buyer", "role_label": "Economic buyer"}  # no email
    assert payloads[4]["stage"] == "proposal" and "internal_notes" not in payloads[4]
    assert "still secret" not in json.dumps(answer) and "do not tell" not in json.dumps(answer)
    got = answer["data"]["order"]
    assert (got["id"], got["status"], got["total"], got["dealId"]) == (order.id, "pending_payment", 10000, deal_id)
    assert got["lines"] == [{"sku": "GQL-1", "name": "Product GQL-1", "quantity": 4, "unitAmount": 2500}]

    page = call(vendor_api, {"deal": deal_id, "order": order.id, "after": 4, "limit": 1})["data"]["dealEvents"]
    assert [e["seq"] for e in page] == [5]  # a gap filled from seq 5
    missing = call(vendor_api, {"deal": "no-such-deal-0000", "order": "no-such-order-000"})["data"]
    assert (missing["deal"], missing["dealEvents"], missing["order"]) == (None, [], None)
    refused = call(vendor_api, {"deal": deal_id, "order": order.id}, signed=False)
    assert {e["errorType"] for e in refused["errors"]} == {"Unauthorized"}
