from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "vinculo.portability"
    label = "portability"
