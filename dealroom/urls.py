from django.urls import path

from dealroom import views

app_name = "dealroom"

urlpatterns = [
    path("deals/join/<str:token>/", views.join, name="join"),
    path("deals/<str:deal_id>/", views.room, name="room"),
]
