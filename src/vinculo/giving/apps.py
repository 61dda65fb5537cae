from django.apps import AppConfig


class GivingConfig(AppConfig):
    name = "vinculo.giving"
    label = "giving"
