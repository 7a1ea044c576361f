"""The API's URL patterns, imported on first use (see config/urls.py)."""
from config.api import api

urlpatterns, app_name, _namespace = api.urls
