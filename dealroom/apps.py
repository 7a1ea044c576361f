from django.apps import AppConfig


class DealroomConfig(AppConfig):
    name = "dealroom"
    verbose_name = "Deal rooms"
