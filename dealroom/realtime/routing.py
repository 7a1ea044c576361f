"""Websocket routes served by the Channels gateway."""
from django.urls import re_path

from dealroom.realtime.consumers import DealRoomConsumer, OrderStatusConsumer

websocket_urlpatterns: list = [
    re_path(r"^ws/deals/(?P<deal_id>[A-Za-z0-9_-]{16,64})/$", DealRoomConsumer.as_asgi()),
    re_path(r"^ws/orders/(?P<order_id>[A-Za-z0-9_-]{16,64})/$", OrderStatusConsumer.as_asgi()),
]
