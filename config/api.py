"""The JSON API under /api/: docs at /api/docs, one schema at /api/openapi.json.

It is served by two NinjaAPI instances, each imported on the first request under its prefix
(config/urls.py): the catalog, carts, checkout and orders (`api`), and the deal rooms under /api/deals/
(`deals_api`, config/deals_api.py), so a cold start that serves one area never builds the other's models.
The OpenAPI document is one: `api`'s, with the deal rooms' operations merged in.

Domain errors are mapped to HTTP here, once (through config/errors.py); operations never raise HttpError.
"""
from __future__ import annotations

from typing import Any, Optional

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Schema
from ninja.openapi.docs import Swagger

from commerce import errors
from config.api_base import QuorumAPI


class LocalSwagger(Swagger):
    """Swagger UI from ninja's bundled assets. `ninja` is not an installed app (importing it at start-up
    would cost every cold start the whole API stack), so its template and static directories are
    listed in settings instead, and the page always renders the bundled copy, never a CDN's."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        import json

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, self.template, {"swagger_settings": json.dumps(self.settings, indent=1), "api": api,
                                               "add_csrf": False})


class RootAPI(QuorumAPI):
    def get_openapi_schema(self, *, path_prefix: Optional[str] = None,
                           path_params: Optional[dict] = None) -> Any:
        """The one schema: this API's operations and the deal rooms', with ErrorOut.code an enum of every code
        Quorum answers with (and what each means)."""
        from config.deals_api import deals_api

        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        deals = deals_api.get_openapi_schema(path_prefix=(path_prefix or "/api/") + "deals/")
        schema["paths"].update(deals["paths"])
        schema.setdefault("components", {}).setdefault("schemas", {}).update(
            deals.get("components", {}).get("schemas", {}))
        error_out = schema["components"]["schemas"].get("ErrorOut")
        if error_out:
            catalogue = errors.catalogue()
            error_out["properties"]["code"]["enum"] = list(catalogue)
            error_out["properties"]["code"]["description"] = "; ".join(
                f"{code} ({cls.status}): {cls.description}" for code, cls in catalogue.items())
        return schema


DESCRIPTION = "Catalog, carts, checkout, orders and deal rooms. Money is integer minor units plus an ISO currency."

api = RootAPI(title="Quorum API", version="1", description=DESCRIPTION, docs_url="/docs", docs=LocalSwagger(),
              openapi_url="/openapi.json", urls_namespace="api")


class ServiceInfo(Schema):
    service: str
    api_version: str


def _mount_routers() -> None:
    from commerce.api import router as commerce_router

    api.add_router("/", commerce_router)


_mount_routers()


@api.get("/meta", response=ServiceInfo, tags=["meta"], summary="Service name and API version")
def meta(request: HttpRequest) -> dict:
    return {"service": "quorum", "api_version": api.version}
