"""Shopper pages. Each view parses input, calls one service or selector, and renders. Domain errors a
view does not handle itself become pages through config.errors."""
from __future__ import annotations

from typing import Optional

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from commerce import access
from commerce.domain.cart import OPEN, Cart
from commerce.errors import NotFound, QuorumError
from commerce.services import carts, checkout, payments, selectors
from config.errors import get_or_404
from storefront.forms import AddToCartForm, CatalogFilterForm

SESSION_CART = "cart_id"
PAGE_SIZE = 12


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    featured = selectors.product_list(limit=6).items
    return render(request, "storefront/home.html", {"categories": selectors.category_list(), "featured": featured})


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET)
    page, error = None, None
    if form.is_valid():
        try:
            page = selectors.product_list(category=form.cleaned_data["category"] or None,
                                          max_price=form.cleaned_data["max_price"],
                                          cursor=form.cleaned_data["cursor"] or None, limit=PAGE_SIZE)
        except QuorumError as exc:
            error = exc.detail
    next_query = None
    if page and page.next_cursor:
        query = request.GET.copy()
        query["cursor"] = page.next_cursor
        next_query = query.urlencode()
    return render(request, "storefront/catalog.html", {
        "form": form, "page": page, "error": error, "categories": selectors.category_list(),
        "active_category": form.data.get("category", ""), "next_query": next_query,
        "first_page": not form.data.get("cursor"),
    })


@require_safe
def product(request: HttpRequest, sku: str) -> HttpResponse:
    view = get_or_404(selectors.product_get, sku=sku)
    if not view.product.active:
        raise Http404("No such product")
    return render(request, "storefront/product.html", {"view": view, "form": AddToCartForm(initial={"sku": sku})})


def _session_cart(request: HttpRequest) -> Optional[Cart]:
    """The shopper's cart. A checked-out cart stays remembered: if its checkout is never paid (canceled,
    expired, refused by Stripe), the cart opens again with its lines."""
    cart_id = request.session.get(SESSION_CART)
    if not cart_id:
        return None
    try:
        return selectors.cart_get(cart_id=cart_id)
    except NotFound:
        request.session.pop(SESSION_CART, None)
        return None


def _open_cart(request: HttpRequest) -> Optional[Cart]:
    cart = _session_cart(request)
    return cart if cart is not None and cart.status == OPEN else None


def _back(request: HttpRequest, fallback: str) -> str:
    """Where the shopper came from, if it is one of our pages; else `fallback`."""
    referer = request.META.get("HTTP_REFERER") or ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return reverse(fallback)


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a product and a quantity between 1 and 10,000.")
        return redirect(_back(request, "storefront:catalog"))
    sku, quantity = form.cleaned_data["sku"], form.cleaned_data["quantity"]
    try:
        cart = _open_cart(request) or carts.cart_create(client=request.META.get("REMOTE_ADDR") or "-")
        request.session[SESSION_CART] = cart.id
        existing = cart.line(sku)
        carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=(existing.quantity if existing else 0) + quantity)
    except QuorumError as exc:
        messages.error(request, exc.detail)
        return redirect("storefront:catalog") if isinstance(exc, NotFound) else redirect("storefront:product", sku=sku)
    messages.success(request, "Added to your cart.")
    return redirect("storefront:cart")


@require_safe
def cart(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/cart.html", {"cart": _open_cart(request)})


@require_POST
def cart_checkout(request: HttpRequest) -> HttpResponse:
    cart = _open_cart(request)
    if cart is None:
        messages.error(request, "Your cart is empty.")
        return redirect("storefront:cart")
    try:
        order = checkout.checkout_start(cart_id=cart.id, client=request.META.get("REMOTE_ADDR") or "-")
    except QuorumError as exc:
        messages.error(request, exc.detail)
        return redirect("storefront:cart")
    order_url = request.build_absolute_uri(reverse("storefront:order", args=[order.id]))
    try:
        order = payments.order_checkout_session(order_id=order.id, success_url=order_url + "?paid=1",
                                                cancel_url=order_url)
    except QuorumError as exc:
        messages.error(request, f"{exc.detail}. Nothing was charged and your cart is as it was: try again.")
        return redirect("storefront:cart")
    return redirect(order.payment.checkout_url)


@require_safe
def order(request: HttpRequest, order_id: str) -> HttpResponse:
    found = get_or_404(selectors.order_get, order_id=order_id)
    if not access.may_read_order(request.session, found):
        raise Http404("No such order")
    return render(request, "storefront/order.html", {"order": found, "returning": request.GET.get("paid") == "1"})
