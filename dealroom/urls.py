from django.urls import path

from dealroom import views

app_name = "dealroom"

urlpatterns = [
    # under /deals/ (config/urls.py, loaded on first use)
    path("join/<str:token>/", views.join, name="join"),
    path("<str:deal_id>/", views.room, name="room"),
]
