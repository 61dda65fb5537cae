from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "vinculo.web"
    label = "web"
