"""Shopper pages. Each view parses input, calls one service or selector, and renders."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from commerce import ids
from commerce.errors import NotFound, QuorumError
from commerce.services import carts, checkout, payments, selectors
from storefront.forms import AddToCartForm, CatalogFilterForm

SESSION_CART = "cart_id"
PAGE_SIZE = 12


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    featured = selectors.product_list(limit=6).items
    return render(request, "storefront/home.html", {"categories": selectors.category_list(), "featured": featured})


@require_GET
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


@require_GET
def product(request: HttpRequest, sku: str) -> HttpResponse:
    try:
        view = selectors.product_get(sku=sku)
    except (NotFound, QuorumError):
        raise Http404("No such product")
    if not view.product.active:
        raise Http404("No such product")
    return render(request, "storefront/product.html", {"view": view, "form": AddToCartForm(initial={"sku": sku})})


def _session_cart(request: HttpRequest):
    cart_id = request.session.get(SESSION_CART)
    if not cart_id:
        return None
    try:
        cart = selectors.cart_get(cart_id=ids.check_id(cart_id, "cart"))
    except NotFound:
        request.session.pop(SESSION_CART, None)
        return None
    if cart.status != "open":
        request.session.pop(SESSION_CART, None)
        return None
    return cart


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a quantity between 1 and 10,000.")
        return redirect(request.META.get("HTTP_REFERER") or "storefront:catalog")
    sku, quantity = form.cleaned_data["sku"], form.cleaned_data["quantity"]
    cart = _session_cart(request) or carts.cart_create()
    request.session[SESSION_CART] = cart.id
    existing = cart.line(sku)
    try:
        carts.cart_line_set(cart_id=cart.id, sku=sku, quantity=(existing.quantity if existing else 0) + quantity)
    except QuorumError as exc:
        messages.error(request, exc.detail)
        return redirect("storefront:product", sku=sku) if not isinstance(exc, NotFound) else redirect("storefront:catalog")
    messages.success(request, "Added to your cart.")
    return redirect("storefront:cart")


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/cart.html", {"cart": _session_cart(request)})


@require_POST
def cart_checkout(request: HttpRequest) -> HttpResponse:
    cart = _session_cart(request)
    if cart is None:
        messages.error(request, "Your cart is empty.")
        return redirect("storefront:cart")
    try:
        order = checkout.checkout_start(cart_id=cart.id)
    except QuorumError as exc:
        messages.error(request, exc.detail)
        return redirect("storefront:cart")
    request.session.pop(SESSION_CART, None)
    order_url = request.build_absolute_uri(reverse("storefront:order", args=[order.id]))
    try:
        order = payments.order_checkout_session(order_id=order.id, success_url=order_url + "?paid=1",
                                                cancel_url=order_url)
    except QuorumError as exc:
        messages.error(request, f"{exc.detail}. Your items were put back; please try again.")
        return redirect("storefront:catalog")
    return redirect(order.payment.checkout_url)


@require_GET
def order(request: HttpRequest, order_id: str) -> HttpResponse:
    try:
        found = selectors.order_get(order_id=ids.check_id(order_id, "order"))
    except NotFound:
        raise Http404("No such order")
    return render(request, "storefront/order.html", {"order": found, "returning": request.GET.get("paid") == "1"})
