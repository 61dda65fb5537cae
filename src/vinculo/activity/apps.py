from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "vinculo.activity"
    label = "activity"
