"""The deal rooms' API URL patterns, imported on first use (see config/urls.py)."""
from config.deals_api import deals_api

urlpatterns, app_name, _namespace = deals_api.urls
