"""What every Quorum NinjaAPI shares: errors answered from Quorum's one vocabulary (config/errors.py).

Both APIs (config/api.py, config/deals_api.py) build on it, so neither imports the other to get it."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from commerce import errors
from config.errors import error_body, status_of


class QuorumAPI(NinjaAPI):
    """A NinjaAPI that answers every error from Quorum's one vocabulary."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        install_error_handlers(self)


def install_error_handlers(api: NinjaAPI) -> None:
    def quorum_error(request: HttpRequest, exc: errors.QuorumError) -> HttpResponse:
        return api.create_response(request, error_body(exc), status=status_of(exc))

    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        error = errors.PayloadTooLarge(
            f"the request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes")
        return api.create_response(request, error_body(error), status=status_of(error))

    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        problems = []
        for err in exc.errors:
            where = ".".join(str(part) for part in err.get("loc", ()) if part not in ("body", "payload"))
            problems.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        error = errors.InvalidInput("; ".join(problems) or "invalid input")
        return api.create_response(request, {**error_body(error), "errors": exc.errors}, status=status_of(error))

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        """ninja's own refusals (a body that is not JSON, say): the catalogue's code for their status."""
        error = errors.BadRequest(str(exc)) if exc.status_code == 400 else errors.QuorumError(str(exc))
        return api.create_response(request, error_body(error), status=exc.status_code)

    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        error = errors.Unauthenticated("sign in first")
        return api.create_response(request, error_body(error), status=status_of(error))

    for kind, handler in ((errors.QuorumError, quorum_error), (RequestDataTooBig, too_big),
                          (NinjaValidationError, validation_error), (HttpError, http_error),
                          (AuthenticationError, auth_error)):
        api.add_exception_handler(kind, handler)
