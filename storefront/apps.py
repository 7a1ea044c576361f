from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"

    def ready(self) -> None:
        """The order page's live status: published from the stream, served by the gateway."""
        from commerce import streams
        from realtime import routing

        streams.register("Order", "storefront.realtime.publish_order_status")
        routing.route(r"^ws/orders/(?P<order_id>[A-Za-z0-9_-]{16,64})/$", "storefront.realtime.OrderStatusConsumer")
