from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vinculo.api"
    label = "api"
