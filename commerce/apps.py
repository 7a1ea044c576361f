from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "commerce"
    verbose_name = "Quorum commerce core"

    def ready(self) -> None:
        from django.conf import settings

        from commerce import admin_panels, streams
        from commerce.persistence import base

        base.bind(
            table_name=settings.DYNAMODB_TABLE,
            endpoint_url=settings.DYNAMODB_ENDPOINT_URL or None,
            region=settings.AWS_REGION,
        )
        streams.register("Reservation", "commerce.reservation_ttl.on_reservation_removed")
        streams.register("Order", "commerce.fanout.publish.publish_order_events")  # the CRM fan-out
        streams.register("Subscription", "commerce.fanout.publish.publish_subscription_events")
        streams.register("Vendor", "commerce.fanout.publish.publish_vendor_events")
        streams.register("VendorShare", "commerce.fanout.publish.publish_payout_events")
        admin_panels.register("commerce.ops.trace_panel.traces_panel")
        streams.register("PrivacyRequest", "commerce.privacy_notices.on_privacy_request")  # Person Erased
        streams.register("PrivacyRequest", "commerce.fanout.publish.publish_privacy_events")  # ... to the CRMs
