from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "vinculo.people"
    label = "people"
