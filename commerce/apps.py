from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "commerce"
    verbose_name = "Quorum commerce core"

    def ready(self) -> None:
        from django.conf import settings

        from commerce import streams
        from commerce.persistence import base

        base.bind(
            table_name=settings.DYNAMODB_TABLE,
            endpoint_url=settings.DYNAMODB_ENDPOINT_URL or None,
            region=settings.AWS_REGION,
        )
        streams.register("Reservation", "commerce.reservation_ttl.on_reservation_removed")
        streams.register("PrivacyRequest", "commerce.privacy_notices.on_privacy_request")  # Person Erased
