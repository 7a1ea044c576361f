"""Products in the admin: list with filters and search, create, edit and price change, deactivate or
reactivate, stock adjustment with a reason. Admin staff only (sales staff see deals, not stock)."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from commerce.domain.catalog import Product
from commerce.domain.money import Money
from commerce.errors import Conflict, InvalidInput, NotFound, QuorumError
from commerce.ops.access import staff_required
from commerce.ops.forms import ProductCreateForm, ProductEditForm, StockAdjustForm
from commerce.services import product_admin, stock
from commerce.services.audit import audit_list
from commerce.services.selectors import category_list
from commerce.services.vendor_choices import product_vendor, vendor_choices
from config.errors import get_or_404, status_of

ADMIN = "admin"


@staff_required(role=ADMIN)
def product_list(request: HttpRequest) -> HttpResponse:
    status = "retired" if request.GET.get("status") == "retired" else "active"
    category = request.GET.get("category") or ""
    search = (request.GET.get("q") or "").strip()
    error = None
    try:
        page = product_admin.product_admin_list(status=status, category=category, search=search,
                                                cursor=request.GET.get("cursor"))
    except InvalidInput as exc:
        error, page = exc.detail, product_admin.product_admin_list(status=status)
    levels = stock.stock_levels_many(skus=[product.sku for product, _ in page.items])
    rows = [(product, version, levels.get(product.sku)) for product, version in page.items]
    return render(request, "ops/products.html", {
        "rows": rows, "page": page, "status": status, "category": category, "q": search, "error": error,
        "categories": category_list(), "section": "products"})


@require_http_methods(["GET", "POST"])
@staff_required(role=ADMIN)
def product_new(request: HttpRequest) -> HttpResponse:
    form = ProductCreateForm(request.POST or None, vendors=vendor_choices(),
                             initial={"vendor": request.GET.get("vendor") or ""})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                product = Product(sku=data["sku"].strip(), name=data["name"].strip(), category=data["category"].strip(),
                                  unit_price=Money(data["price"], data["currency"]),
                                  description=data["description"].strip(),
                                  recurring_interval=data["recurring_interval"] or None,
                                  vendor_id=data["vendor"] or None, active=data["on_sale"])
                product_admin.product_create(product=product, on_hand=data["on_hand"], actor=request.staff.email)
            except QuorumError as exc:
                form.add_error(None, exc.detail)
                status = status_of(exc)
            else:
                messages.success(request, f"Created {product.sku}.")
                return redirect("ops:product", sku=product.sku)
        status = status if status != 200 else 400
    return render(request, "ops/product_new.html", {"form": form, "section": "products"}, status=status)


def _load(sku: str):
    return get_or_404(product_admin.product_admin_get, sku=sku)


@require_http_methods(["GET", "POST"])
@staff_required(role=ADMIN)
def product_detail(request: HttpRequest, sku: str) -> HttpResponse:
    product, version = _load(sku)
    initial = {"name": product.name, "description": product.description, "category": product.category,
               "price": f"{product.unit_price.amount / 100:.2f}", "version": version, "vendor": product.vendor_id or ""}
    form = ProductEditForm(request.POST or None, initial=initial, vendors=vendor_choices())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                product_admin.product_update(sku=sku, expected_version=data["version"], actor=request.staff.email,
                                             name=data["name"], description=data["description"],
                                             category=data["category"], price_amount=data["price"],
                                             vendor=data["vendor"])
            except QuorumError as exc:
                form.add_error(None, exc.detail)
                status = 409 if isinstance(exc, Conflict) else 400
            else:
                messages.success(request, f"Saved {sku}.")
                return redirect("ops:product", sku=sku)
        else:
            status = 400
    return _detail(request, sku, form=form, status=status)


def _detail(request: HttpRequest, sku: str, *, form=None, stock_form=None, status: int = 200) -> HttpResponse:
    product, version = _load(sku)
    try:
        levels = stock.stock_levels(sku=sku)
    except NotFound:
        levels = None
    form = form or ProductEditForm(initial={"name": product.name, "description": product.description,
                                            "category": product.category, "vendor": product.vendor_id or "",
                                            "price": f"{product.unit_price.amount / 100:.2f}", "version": version},
                                   vendors=vendor_choices())
    stock_form = stock_form or StockAdjustForm(initial={"expected_on_hand": levels.on_hand if levels else 0})
    history = audit_list(target_type="product", target_id=sku, limit=20).items
    return render(request, "ops/product_detail.html", {
        "product": product, "version": version, "levels": levels, "form": form, "stock_form": stock_form,
        "history": history, "section": "products", "vendor": product_vendor(product)}, status=status)


@require_POST
@staff_required(role=ADMIN)
def product_active(request: HttpRequest, sku: str) -> HttpResponse:
    product, version = _load(sku)
    activate = request.POST.get("active") == "1"
    seen = request.POST.get("version") or ""
    try:
        product_admin.product_update(sku=sku, expected_version=int(seen) if seen.isdigit() else version,
                                     actor=request.staff.email, active=activate)
    except QuorumError as exc:
        messages.error(request, exc.detail)
    else:
        state = 'back on sale' if activate else 'retired: it no longer appears in the catalog'
        messages.success(request, f"{sku} is {state}.")
    return redirect("ops:product", sku=sku)


@require_POST
@staff_required(role=ADMIN)
def product_stock(request: HttpRequest, sku: str) -> HttpResponse:
    _load(sku)
    form = StockAdjustForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            levels = stock.stock_adjust(sku=sku, delta=data["delta"], reason=data["reason"], actor=request.staff.email,
                                        expected_on_hand=data["expected_on_hand"])
        except QuorumError as exc:
            form.add_error(None, exc.detail)
            if isinstance(exc, stock.StockChanged):  # show the new figure; keep what was typed
                form.data = form.data.copy()
                form.data["expected_on_hand"] = exc.extra.get("on_hand")
            return _detail(request, sku, stock_form=form, status=status_of(exc))
        messages.success(request, f"Stock of {sku} is now {levels.on_hand} on hand ({levels.available} available).")
        return redirect("ops:product", sku=sku)
    return _detail(request, sku, stock_form=form, status=400)
