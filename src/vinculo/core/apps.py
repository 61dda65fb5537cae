from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as StaticFilesConfig_


class CoreConfig(AppConfig):
    name = "vinculo.core"
    label = "core"


class StaticFilesConfig(StaticFilesConfig_):
    """Django's static files, without the API docs' ReDoc bundle: the docs page is
    Swagger UI, and the bundle and its source map (5 MB) were copied, hashed and
    compressed at every `vinculo serve` start for nothing."""

    ignore_patterns = [*StaticFilesConfig_.ignore_patterns, "redoc"]
