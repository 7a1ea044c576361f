"""The API's routes: method, path pattern, the SDK request type that validates its parameters, and the
parameters the handler models (anything else Stripe accepts is refused by name)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Optional

from devstack.stripe_emulator.errors import StripeAPIError
from devstack.stripe_emulator.store import Store

Handler = Callable[[Store, dict, list[str]], Any]
ID = r"([\w-]+)"


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern
    handler: Handler
    params: Optional[str]  # class in stripe.params, e.g. "CustomerCreateParams" or "checkout.SessionCreateParams"
    modelled: Optional[tuple[str, ...]]  # None: every parameter the request type has


ROUTES: list[Route] = []


def route(method: str, pattern: str, params: Optional[str] = None, modelled: Optional[tuple[str, ...]] = None):
    def register(fn: Handler) -> Handler:
        ROUTES.append(Route(method, re.compile(f"^{pattern.replace('{id}', ID)}$"), fn, params, modelled))
        return fn
    return register


def match(method: str, path: str) -> tuple[Route, list[str]]:
    allowed = False
    for candidate in sorted(ROUTES, key=lambda r: r.pattern.groups):  # literal paths (…/search) before {id}
        found = candidate.pattern.match(path)
        if found:
            if candidate.method == method:
                return candidate, list(found.groups())
            allowed = True
    message = f"Unrecognized request URL ({method}: {path})."
    if allowed:
        message += " This URL exists, but not for this method."
    raise StripeAPIError(404, message + " Please see https://stripe.com/docs or we can help at "
                                        "https://support.stripe.com/.")
