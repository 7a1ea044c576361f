"""The deal rooms' part of the JSON API, under /api/deals/: its own NinjaAPI, imported on the first request
under that prefix (config/urls.py). Its operations appear in the one schema at /api/openapi.json."""
from __future__ import annotations

from config.api_base import QuorumAPI

deals_api = QuorumAPI(title="Quorum API: deal rooms", version="1", docs_url=None, openapi_url=None,
                      urls_namespace="api_deals")


def _mount_router() -> None:
    from dealroom.api import router

    deals_api.add_router("/", router)


_mount_router()
