from django.core.management.base import BaseCommand

from commerce.persistence import keys
from commerce.persistence.catalog import ProductItem
from commerce.persistence.orders import OrderItem


class Command(BaseCommand):
    help = ("Give items written before an index pattern existed their index keys: orders their GSI2 "
            "status/date keys (the admin's order list), retired products their GSI2 key. Safe to run again.")

    def handle(self, *args, **options) -> None:
        orders = products = 0
        for item in OrderItem.scan(OrderItem.gsi2pk.does_not_exist()):
            item.update(actions=[OrderItem.gsi2pk.set(keys.orders_by_status_pk(item.status)),
                                 OrderItem.gsi2sk.set(keys.order_time_sk(int(item.created_at), item.order_id))],
                        condition=OrderItem.status == item.status)
            orders += 1
        for item in ProductItem.scan(ProductItem.gsi2pk.does_not_exist() & (ProductItem.active == False)):  # noqa: E712
            item.update(actions=[ProductItem.gsi2pk.set(keys.RETIRED_PK),
                                 ProductItem.gsi2sk.set(keys.price_sk(int(item.price_amount), item.sku))],
                        condition=ProductItem.active == False)  # noqa: E712
            products += 1
        self.stdout.write(f"indexed {orders} order(s) and {products} retired product(s)")
