from django.urls import include, path

from config.health import healthz
from config.lazy_urls import lazy_include, lazy_view

# The JSON API (django-ninja, pydantic and every schema), the staff admin, the deal rooms and the Stripe
# webhook are resolved lazily: their modules are imported by the first request under their prefix or the
# first reverse() into their namespace, not by every cold start that serves a storefront page.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    lazy_include("api/deals/", "config.deals_api_urls", "api_deals"),  # before api/: deals never load the rest
    lazy_include("api/", "config.api_urls", "api"),
    path("stripe/webhook/", lazy_view("commerce.payments.views.stripe_webhook", csrf_exempt=True),
         name="stripe_webhook"),
    path("stripe/connect/webhook/", lazy_view("commerce.payments.views.stripe_connect_webhook", csrf_exempt=True),
         name="stripe_connect_webhook"),
    lazy_include("admin/", "commerce.ops.urls", "ops"),
    lazy_include("admin/", "dealroom.ops.urls", "ops_deals"),
    lazy_include("deals/", "dealroom.urls", "dealroom"),
    path("", include("storefront.urls")),
]
