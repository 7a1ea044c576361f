from django.apps import AppConfig


class DealroomConfig(AppConfig):
    name = "dealroom"
    verbose_name = "Deal rooms"

    def ready(self) -> None:
        """Plug the deal room into commerce, realtime and the admin by dotted paths (imported on first
        use: nothing of the deal room loads at start-up)."""
        from commerce import access, session_subjects, streams
        from commerce import admin_panels as panels
        from commerce.fanout import sources as fanout
        from realtime import routing

        streams.register("DealEvent", "dealroom.realtime.publish_deal_event")
        streams.register("DealEvent", "dealroom.fanout.publish_deal_event")  # the CRM fan-out
        fanout.register_replay("deal", "dealroom.fanout.deal_outgoing_after")
        streams.register("Stock", "dealroom.realtime.on_stock_change")
        routing.route(r"^ws/deals/(?P<deal_id>[A-Za-z0-9_-]{16,64})/$", "dealroom.realtime.DealRoomConsumer")
        panels.register("dealroom.ops.panels.deals_panel")
        session_subjects.register("dealroom.auth.session_subjects")  # a person's sessions, found by erasure
        access.register_order_reader("deal", "dealroom.order_access.may_read_deal_order")
        access.register_quote_url("dealroom.order_access.room_url")
        # deal intelligence: recomputed from the stream, live to staff only (dealroom.insights_stream)
        streams.register("DealEvent", "dealroom.insights_stream.on_deal_event")
        streams.register("Deal", "dealroom.insights_stream.on_deal_created")
        streams.register("Order", "dealroom.insights_stream.on_order_change")
        streams.register("DealMember", "dealroom.insights_stream.on_member_seen")
        streams.register("Subscription", "dealroom.insights_stream.on_subscription_change")  # churn risk
        streams.register("DealInsights", "dealroom.staff_realtime.publish_staff_insights")
        streams.register("DealInsights", "dealroom.fanout.publish_deal_scored")  # "Deal Scored": Gong, Clari
        routing.route(r"^ws/staff/deals/(?P<deal_id>[A-Za-z0-9_-]{16,64})/$",
                      "dealroom.staff_realtime.StaffDealConsumer")
        panels.register("dealroom.ops.insight_panels.at_risk_panel")
