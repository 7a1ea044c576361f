"""Realtime: committed events to browsers through AWS AppSync.

Each app publishes its committed events on a channel (`deal:<id>`, `order:<id>`) from the DynamoDB stream
(publisher.py, AppSync's publishChannelEvent); the Channels gateway holds ONE upstream subscription per
channel per process (hub.py) and fans events out to sockets (consumers.py: a base consumer with catch-up
from the source of truth). Apps register their stream handlers and websocket routes in AppConfig.ready().
"""
