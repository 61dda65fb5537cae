"""Real rows for tests, made through the same services the app uses."""

import factory
from django.contrib.auth import get_user_model

from vinculo.people import services as people_services

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_contact(owner, name="María José Núñez", **fields):
    return people_services.contact_create(owner=owner, name=name, **fields)
