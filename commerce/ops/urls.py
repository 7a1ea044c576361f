from django.urls import path

from commerce.ops import (
    audit_views,
    auth_views,
    dashboard,
    events,
    integrations,
    order_refunds,
    orders,
    products,
    traces,
    vendors,
)

app_name = "ops"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("login/", auth_views.login, name="login"),
    path("logout/", auth_views.logout, name="logout"),
    path("products/", products.product_list, name="products"),
    path("products/new/", products.product_new, name="product_new"),
    path("products/<str:sku>/", products.product_detail, name="product"),
    path("products/<str:sku>/active/", products.product_active, name="product_active"),
    path("products/<str:sku>/stock/", products.product_stock, name="product_stock"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/<str:order_id>/", orders.order_detail, name="order"),
    path("orders/<str:order_id>/refund/", orders.order_refund, name="order_refund"),
    path("orders/<str:order_id>/refund-lines/", order_refunds.order_refund_lines, name="order_refund_lines"),
    path("vendors/", vendors.vendor_list, name="vendors"),
    path("vendors/new/", vendors.vendor_new, name="vendor_new"),
    path("vendors/<str:vendor_id>/", vendors.vendor_detail, name="vendor"),
    path("vendors/<str:vendor_id>/account/", vendors.vendor_account, name="vendor_account"),
    path("vendors/<str:vendor_id>/onboarding/", vendors.vendor_onboarding, name="vendor_onboarding"),
    path("stripe-events/", events.event_list, name="events"),
    path("stripe-events/<str:event_id>/", events.event_detail, name="event"),
    path("stripe-events/<str:event_id>/replay/", events.event_replay, name="event_replay"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("integrations/", integrations.integrations, name="integrations"),
    path("integrations/figures.json", integrations.integrations_figures_json, name="integrations_figures"),
    path("integrations/republish/", integrations.integrations_republish, name="integrations_republish"),
    path("integrations/<str:vendor>/redrive/", integrations.integrations_redrive, name="integrations_redrive"),
    path("traces/", traces.trace_list, name="traces"),
    path("traces/<str:trace_id>/", traces.trace_detail, name="trace"),
]
