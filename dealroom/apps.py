from django.apps import AppConfig


class DealroomConfig(AppConfig):
    name = "dealroom"
    verbose_name = "Deal rooms"

    def ready(self) -> None:
        """Plug the deal room into commerce, realtime and the admin by dotted paths (imported on first
        use: nothing of the deal room loads at start-up)."""
        from commerce import access, session_subjects, streams
        from commerce import admin_panels as panels
        from realtime import routing

        streams.register("DealEvent", "dealroom.realtime.publish_deal_event")
        streams.register("Stock", "dealroom.realtime.on_stock_change")
        routing.route(r"^ws/deals/(?P<deal_id>[A-Za-z0-9_-]{16,64})/$", "dealroom.realtime.DealRoomConsumer")
        panels.register("dealroom.ops.panels.deals_panel")
        session_subjects.register("dealroom.auth.session_subjects")  # a person's sessions, found by erasure
        access.register_order_reader("deal", "dealroom.order_access.may_read_deal_order")
        access.register_quote_url("dealroom.order_access.room_url")
