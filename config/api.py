"""The JSON API: one NinjaAPI at /api/, docs at /api/docs, schema at /api/openapi.json.

Domain errors are mapped to HTTP here, once; operations never raise HttpError themselves.
"""
from __future__ import annotations

from typing import Any, Optional

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from commerce import errors
from config.errors import error_body, status_of


class LocalSwagger(Swagger):
    """Swagger UI from ninja's bundled assets. `ninja` is not an installed app (importing it at start-up
    would cost every cold start the whole API stack), so its template and static directories are
    listed in settings instead, and the page always renders the bundled copy, never a CDN's."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        import json

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, self.template, {"swagger_settings": json.dumps(self.settings, indent=1), "api": api,
                                               "add_csrf": False})


class QuorumAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: Optional[str] = None,
                           path_params: Optional[dict] = None) -> Any:
        """The schema, with ErrorOut.code an enum of every code Quorum answers with (and what each means)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error_out = schema.get("components", {}).get("schemas", {}).get("ErrorOut")
        if error_out:
            catalogue = errors.catalogue()
            error_out["properties"]["code"]["enum"] = list(catalogue)
            error_out["properties"]["code"]["description"] = "; ".join(
                f"{code} ({cls.status}): {cls.description}" for code, cls in catalogue.items())
        return schema


api = QuorumAPI(
    title="Quorum API",
    version="1",
    description="Catalog, carts, checkout, orders and deal rooms. Money is integer minor units plus an ISO currency.",
    docs_url="/docs",
    docs=LocalSwagger(),
    openapi_url="/openapi.json",
    urls_namespace="api",
)

@api.exception_handler(errors.QuorumError)
def quorum_error(request: HttpRequest, exc: errors.QuorumError) -> HttpResponse:
    return api.create_response(request, error_body(exc), status=status_of(exc))


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    error = errors.PayloadTooLarge(f"the request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes")
    return api.create_response(request, error_body(error), status=status_of(error))


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = []
    for err in exc.errors:
        where = ".".join(str(part) for part in err.get("loc", ()) if part not in ("body", "payload"))
        problems.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    error = errors.InvalidInput("; ".join(problems) or "invalid input")
    return api.create_response(request, {**error_body(error), "errors": exc.errors}, status=status_of(error))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals (a body that is not JSON, say): the catalogue's code for their status."""
    error = errors.BadRequest(str(exc)) if exc.status_code == 400 else errors.QuorumError(str(exc))
    return api.create_response(request, error_body(error), status=exc.status_code)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    error = errors.Unauthenticated("sign in first")
    return api.create_response(request, error_body(error), status=status_of(error))




class ServiceInfo(Schema):
    service: str
    api_version: str


def _mount_routers() -> None:
    from commerce.api import router as commerce_router
    from dealroom.api import router as dealroom_router

    api.add_router("/", commerce_router)
    api.add_router("/deals", dealroom_router)


_mount_routers()


@api.get("/meta", response=ServiceInfo, tags=["meta"], summary="Service name and API version")
def meta(request: HttpRequest) -> dict:
    return {"service": "quorum", "api_version": api.version}
