"""Staff reads: orders by status and date across GSI2 partitions (merged, paged without gaps or repeats),
today's figures, an order's Stripe events, the audit log's filters."""
from commerce import clock
from commerce.services import audit, carts, checkout, order_reports, orders
from tests import factories


def place(sku: str, quantity: int = 1):
    cart = carts.cart_create()
    carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=quantity)
    return checkout.checkout_start(cart_id=cart.id)


def test_orders_by_status_and_date_page_without_gaps(table):
    factories.product("A", price=1000, stock=100)
    placed = [place("A", n % 3 + 1) for n in range(7)]
    orders.order_cancel(order_id=placed[1].id)
    orders.order_mark_paid(order_id=placed[2].id)
    orders.order_mark_paid(order_id=placed[4].id)

    seen, cursor = [], None
    while True:
        page = order_reports.order_page(cursor=cursor, limit=3)
        seen += [o.id for o in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(o.id for o in placed) and len(seen) == 7  # every status, each once
    created = [o.created_at for o in (order_reports.order_page(limit=7).items)]
    assert created == sorted(created, reverse=True)

    paid = order_reports.order_page(status="paid").items
    assert {o.id for o in paid} == {placed[2].id, placed[4].id} and all(o.status == "paid" for o in paid)
    today = clock.iso(clock.now())[:10]
    assert len(order_reports.order_page(date_from=today, date_to=today).items) == 7
    assert order_reports.order_page(date_from="2001-01-01", date_to="2001-01-02").items == []


def test_today_summary_counts_orders_and_net_revenue(table):
    factories.product("A", price=1250, stock=100)
    first, _second, third = place("A", 2), place("A", 1), place("A", 4)
    orders.order_mark_paid(order_id=first.id)
    orders.order_mark_paid(order_id=third.id)
    summary = order_reports.orders_on(day=clock.iso(clock.now())[:10])
    assert summary.orders == 3 and summary.paid_orders == 2
    assert summary.revenue == {"usd": 6 * 1250}
    assert summary.by_status == {"paid": 2, "pending_payment": 1}


def test_audit_log_filters_by_actor_and_thing(table):
    from commerce.services.stock import stock_adjust

    factories.product("A", stock=10)
    factories.product("B", stock=10)
    stock_adjust(sku="A", delta=1, reason="count", actor="ann@q.test", expected_on_hand=10)
    stock_adjust(sku="B", delta=2, reason="count", actor="bob@q.test", expected_on_hand=10)
    stock_adjust(sku="A", delta=3, reason="count", actor="bob@q.test", expected_on_hand=11)
    assert [e.after["delta"] for e in audit.audit_list().items] == [3, 2, 1]
    assert [e.after["delta"] for e in audit.audit_list(actor="bob@q.test").items] == [3, 2]
    assert [e.after["delta"] for e in audit.audit_list(target_type="product", target_id="A").items] == [3, 1]
    first = audit.audit_list(limit=2)
    rest = audit.audit_list(limit=2, cursor=first.next_cursor)
    assert [e.after["delta"] for e in first.items + rest.items] == [3, 2, 1] and rest.next_cursor is None
