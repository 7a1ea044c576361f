"""Websocket routes served by the Channels gateway. The deal-room consumer joins with the realtime issue."""
websocket_urlpatterns: list = []
