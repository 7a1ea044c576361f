from django.urls import include, path
from django.urls.resolvers import RoutePattern

from commerce.payments.views import stripe_webhook
from config.health import healthz
from config.lazy_urls import LazyURLResolver

# The JSON API is resolved lazily: its module (django-ninja, pydantic and every schema) is imported by the
# first request under /api/ or the first reverse() into its namespace, not by every cold start that serves
# a page.
api_urls = LazyURLResolver(RoutePattern("api/", is_endpoint=False), "config.api_urls", app_name="api", namespace="api")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    api_urls,
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    path("admin/", include("commerce.ops.urls")),
    path("admin/", include("dealroom.ops.urls")),
    path("", include("dealroom.urls")),
    path("", include("storefront.urls")),
]
