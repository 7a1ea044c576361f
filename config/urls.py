from django.urls import include, path

from commerce.payments.views import stripe_webhook
from config.api import api
from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    path("", include("dealroom.urls")),
    path("", include("storefront.urls")),
]
