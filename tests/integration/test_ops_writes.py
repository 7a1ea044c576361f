"""Admin writes on the real table: each audited in its own transaction with before and after values,
concurrent staff edits detected by version and shown (nothing overwritten), forms keep what was typed."""
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.errors import InvalidInput
from commerce.services import audit, carts, checkout, product_admin, stock
from commerce.services.staff import staff_authenticate
from dealroom.services import approvals, deal_admin, quote
from dealroom.services.deals import deal_create
from dealroom.services.log import deal_read
from tests import factories
from tests.integration.ops_helpers import signed_in


def test_stock_adjust_is_audited_with_before_after_and_reason(table):
    factories.product("WIDGET", stock=10)
    levels = stock.stock_adjust(sku="WIDGET", delta=5, reason="delivery PO-1182", actor="ops@q.test",
                                expected_on_hand=10)
    assert (levels.on_hand, levels.available) == (15, 15)
    (entry,) = audit.audit_list(target_type="product", target_id="WIDGET").items
    assert entry.action == "stock.adjust" and entry.actor == "ops@q.test" and entry.reason == "delivery PO-1182"
    assert entry.before == {"on_hand": 10, "available": 10}
    assert entry.after == {"on_hand": 15, "available": 15, "delta": 5}


def test_two_staff_adjusting_at_once_one_wins_the_other_is_told(table):
    factories.product("WIDGET", stock=10)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda d: _try_adjust(d), (3, -2)))
    assert sorted(r for r in results if isinstance(r, int)) in ([8], [13])  # exactly one applied
    refused = [r for r in results if isinstance(r, stock.StockChanged)]
    assert len(refused) == 1 and "changed" in refused[0].detail
    assert len(audit.audit_list(target_type="product", target_id="WIDGET").items) == 1


def _try_adjust(delta):
    try:
        return stock.stock_adjust(sku="WIDGET", delta=delta, reason="count", actor="a@q.test",
                                  expected_on_hand=10).on_hand
    except stock.StockChanged as exc:
        return exc


def test_reserved_units_cannot_be_removed(table):
    factories.product("WIDGET", stock=5)
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="WIDGET", quantity=4)
    checkout.checkout_start(cart_id=cart.id)
    with pytest.raises(InvalidInput, match="Only 1 unit"):
        stock.stock_adjust(sku="WIDGET", delta=-2, reason="damaged", actor="a@q.test", expected_on_hand=5)
    with pytest.raises(InvalidInput, match="Say why"):
        stock.stock_adjust(sku="WIDGET", delta=1, reason="  ", actor="a@q.test", expected_on_hand=5)


def test_product_edit_pins_its_version_and_retire_hides_it(table):
    product_admin.product_create(product=Product(sku="NEW-1", name="New thing", category="tools",
                                                 unit_price=Money(1200, "usd")), on_hand=3, actor="a@q.test")
    product_admin.product_update(sku="NEW-1", expected_version=1, actor="a@q.test", price_amount=1500)
    with pytest.raises(product_admin.ProductChanged, match="version 2"):
        product_admin.product_update(sku="NEW-1", expected_version=1, actor="b@q.test", name="Overwritten?")
    product, version = product_admin.product_admin_get(sku="NEW-1")
    assert (product.name, product.unit_price.amount, version) == ("New thing", 1500, 2)

    product_admin.product_update(sku="NEW-1", expected_version=2, actor="a@q.test", active=False)
    from commerce.services.selectors import product_list

    assert "NEW-1" not in [p.sku for p in product_list().items]
    retired = product_admin.product_admin_list(status="retired").items
    assert [p.sku for p, _ in retired] == ["NEW-1"]
    actions = [e.action for e in audit.audit_list(target_type="product", target_id="NEW-1").items]
    assert actions == ["product.deactivate", "product.update", "product.create"]  # newest first


def test_product_search_by_name_fragment_and_exact_sku(table):
    for n, name in enumerate(("Blue mug", "Red mug", "Desk lamp")):
        factories.product(f"S-{n}", name=name)
    assert [p.sku for p, _ in product_admin.product_admin_list(search="mug").items] == ["S-0", "S-1"]
    assert [p.sku for p, _ in product_admin.product_admin_list(search="S-2").items] == ["S-2"]


def test_deal_edit_pins_the_version_and_a_discount_reprices_and_clears_approvals(table):
    factories.product("SEAT", price=10000, stock=100)
    created = deal_create(account_name="Acme", owner="sam@q.test", base_url="http://testserver",
                          required_roles=("economic_buyer",))
    deal_id = created.deal.id

    from dealroom.services.invites import invite_accept

    link = deal_admin.deal_invite(deal_id=deal_id, email="eb@acme.test", role="economic_buyer", name="Erin",
                                  actor="sam@q.test", base_url="http://testserver")
    joined = invite_accept(token=link.rstrip("/").rsplit("/", 1)[1])
    quote.quote_line_set(deal_id=deal_id, user_id=joined.user.id, sku="SEAT", quantity=2)
    cart_version = quote_version(deal_id)
    approvals.approval_give(deal_id=deal_id, user_id=joined.user.id, quote_version=cart_version)
    assert deal_read(deal_id).ready(cart_version)

    deal = deal_admin.deal_update(deal_id=deal_id, expected_version=1, actor="sam@q.test",
                                  changes={"discount_bps": 2000, "stage": "negotiation",
                                           "meddpicc": {"metrics": "cut costs 20 %"}})
    assert deal.version == 2 and deal.stage == "negotiation"
    from dealroom.selectors import events_after
    from dealroom.staff_selectors import deal_activity

    staff_sees = deal_activity(deal_id=deal_id)[0]
    assert staff_sees["type"] == "deal.updated" and staff_sees["payload"]["stage"] == "negotiation"
    assert staff_sees["payload"]["staff_fields"] == ["discount_bps", "meddpicc", "stage"]
    member_sees = events_after(deal_id=deal_id, user_id=joined.user.id)[-1]
    # the committee learns of the new price, not of MEDDPICC or stage
    assert member_sees["payload"] == {"fields": ["discount_bps"], "quote_version": cart_version + 1}
    new_version = quote_version(deal_id)
    assert new_version == cart_version + 1
    from commerce.services.selectors import cart_get

    assert cart_get(cart_id=deal.cart_id).lines[0].unit_price.amount == 8000  # repriced at 20 % off
    assert not deal.ready(new_version)  # the approval was for the old price

    with pytest.raises(deal_admin.DealChanged, match="now version 2"):
        deal_admin.deal_update(deal_id=deal_id, expected_version=1, actor="ops@q.test", changes={"stage": "closed_won"})
    assert deal_read(deal_id).stage == "negotiation"
    entries = audit.audit_list(target_type="deal", target_id=deal_id).items
    assert [e.action for e in entries] == ["deal.update", "invite.create"]
    assert entries[0].before == {"discount_bps": 0, "meddpicc": {}, "stage": "discovery"}
    assert entries[0].after["discount_bps"] == 2000


def quote_version(deal_id):
    from commerce.services.selectors import cart_get

    return cart_get(cart_id=deal_read(deal_id).cart_id).version


def test_member_role_change_is_an_event_and_audited(table):
    created = deal_create(account_name="Acme", owner="sam@q.test", base_url="http://testserver",
                          members=(("t@acme.test", "user", "Tia"),))
    from dealroom.services.invites import invite_accept

    joined = invite_accept(token=created.invites["t@acme.test"].rstrip("/").rsplit("/", 1)[1])
    deal_admin.member_role_set(deal_id=created.deal.id, user_id=joined.user.id, role="legal", actor="sam@q.test")
    from dealroom.staff_selectors import deal_activity

    assert deal_activity(deal_id=created.deal.id)[0]["type"] == "member.role_changed"
    (entry,) = audit.audit_list(target_type="deal", target_id=created.deal.id).items
    assert (entry.before["role"], entry.after["role"]) == ("user", "legal")


def test_stale_stock_form_is_shown_with_what_was_typed(table):
    factories.product("WIDGET", stock=10)
    admin = signed_in("olivia@quorum.test", "admin")
    stock.stock_adjust(sku="WIDGET", delta=1, reason="count", actor="other@q.test", expected_on_hand=10)
    response = admin.post("/admin/products/WIDGET/stock/", {"delta": "4", "reason": "delivery PO-77",
                                                               "expected_on_hand": "10"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed from 10 to 11" in body and 'value="delivery PO-77"' in body and 'value="4"' in body
    assert 'name="expected_on_hand" value="11"' in body  # submitting again applies to the new figure
    assert admin.post("/admin/products/WIDGET/stock/", {"delta": "4", "reason": "delivery PO-77",
                                                        "expected_on_hand": "11"}).status_code == 302
    assert stock.stock_levels(sku="WIDGET").on_hand == 15


def test_invalid_product_form_keeps_input_and_explains(table):
    admin = signed_in("olivia@quorum.test", "admin")
    response = admin.post("/admin/products/new/", {"sku": "BAD SKU", "name": "Thing", "category": "Tools!",
                                                   "price": "12.345", "currency": "usd", "on_hand": "3"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "at most two decimals" in body and 'value="Thing"' in body


def test_createstaff_reads_the_password_from_the_environment(table, monkeypatch):
    monkeypatch.setenv("QUORUM_STAFF_PASSWORD", "a long enough passphrase")
    out = io.StringIO()
    call_command("createstaff", "new@quorum.test", "--role", "sales", stdout=out)
    assert "new@quorum.test can sign in" in out.getvalue()
    assert staff_authenticate(email="new@quorum.test", password="a long enough passphrase", address="x").role == "sales"
    monkeypatch.setenv("QUORUM_STAFF_PASSWORD", "123456789012")
    with pytest.raises(CommandError, match="entirely numeric"):
        call_command("createstaff", "other@quorum.test", "--role", "admin")
    with pytest.raises(CommandError):
        call_command("createstaff", "x@quorum.test", "--role", "owner")


def test_a_stale_refund_form_is_refused_and_re_pinned(table):
    from commerce.persistence import keys
    from commerce.persistence.orders import OrderItem
    from commerce.services import orders as order_service

    factories.product("WIDGET", price=5000, stock=10)
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku="WIDGET", quantity=1)
    order = checkout.checkout_start(cart_id=cart.id)
    order_service.order_mark_paid(order_id=order.id)
    OrderItem(keys.order_pk(order.id), keys.ORDER_SK).update(actions=[
        OrderItem.payment_intent_id.set("pi_test_stale"), OrderItem.refunds_requested.set(1)])  # one refund asked
    admin = signed_in("olivia@quorum.test", "admin")
    response = admin.post(f"/admin/orders/{order.id}/refund/", {"amount": "10.00", "expected_refunds": "0"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Another refund was requested" in body and 'value="10.00"' in body
    assert 'name="expected_refunds" value="1"' in body
