"""Per-client limits, so no one client can hold a product's stock hostage with unpaid checkouts or fill
the table with carts: a fixed window per client and purpose, counted with one conditional write."""
from __future__ import annotations

from django.conf import settings

from commerce import clock
from commerce.errors import RateLimited
from commerce.persistence.uow import apply

WINDOW = 3600


def limit_take(*, purpose: str, client: str, per_hour: int) -> None:
    """Count one `purpose` for `client` in this hour; RateLimited once `per_hour` are used."""
    if per_hour <= 0:
        return
    now = clock.now()
    start = now - now % WINDOW
    taken = apply(lambda u: u.throttles.take(scope=purpose, key=client[:100] or "-", window_start=start,
                                             limit=per_hour, keep_until=start + 2 * WINDOW),
                  refused=lambda exc: bool(exc.failed(f"throttle:{purpose}")))
    if not taken:
        minutes = max(1, (start + WINDOW - now + 59) // 60)
        raise RateLimited(f"Too many {purpose.replace('_', ' ')}s from your address in the last hour. Try again in "
                          f"{minutes} minute{'s' if minutes != 1 else ''}.", retry_after=start + WINDOW - now)


def checkout_allowed(*, client: str) -> None:
    limit_take(purpose="checkout", client=client, per_hour=settings.CHECKOUTS_PER_CLIENT_PER_HOUR)


def cart_allowed(*, client: str) -> None:
    limit_take(purpose="cart", client=client, per_hour=settings.CARTS_PER_CLIENT_PER_HOUR)
