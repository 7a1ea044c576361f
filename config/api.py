"""The JSON API: one NinjaAPI at /api/, docs at /api/docs, schema at /api/openapi.json.

Domain errors are mapped to HTTP here, once; operations never raise HttpError themselves.
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from commerce import errors


class LocalSwagger(Swagger):
    """Swagger UI from ninja's bundled assets. `ninja` is not an installed app (importing it at start-up
    would cost every cold start the whole API stack), so its template and static directories are
    listed in settings instead, and the page always renders the bundled copy, never a CDN's."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        import json

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, self.template, {"swagger_settings": json.dumps(self.settings, indent=1), "api": api,
                                               "add_csrf": False})


api = NinjaAPI(
    title="Quorum API",
    version="1",
    description="Catalog, carts, checkout, orders and deal rooms. Money is integer minor units plus an ISO currency.",
    docs_url="/docs",
    docs=LocalSwagger(),
    openapi_url="/openapi.json",
    urls_namespace="api",
)

STATUS_BY_ERROR: list[tuple[type[errors.QuorumError], int]] = [
    (errors.NotFound, 404),
    (errors.InvalidInput, 422),
    (errors.Conflict, 409),
    (errors.DependencyUnavailable, 503),
]


def _payment_errors() -> None:
    from commerce.payments.stripe_gateway import PaymentProviderError
    from dealroom.domain.deals import NotAllowed

    STATUS_BY_ERROR.insert(0, (PaymentProviderError, 502))
    STATUS_BY_ERROR.insert(0, (NotAllowed, 403))


_payment_errors()


def status_for(error: errors.QuorumError) -> int:
    for error_type, status in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status
    return 400


@api.exception_handler(errors.QuorumError)
def quorum_error(request: HttpRequest, exc: errors.QuorumError) -> HttpResponse:
    return api.create_response(request, exc.body(), status=status_for(exc))


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = []
    for err in exc.errors:
        where = ".".join(str(part) for part in err.get("loc", ()) if part not in ("body", "payload"))
        problems.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    body = {"code": "invalid", "detail": "; ".join(problems) or "invalid input", "errors": exc.errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"code": "http_error", "detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"code": "unauthenticated", "detail": "sign in first"}, status=401)


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
