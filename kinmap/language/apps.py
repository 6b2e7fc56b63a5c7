from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "kinmap.language"
    label = "language"
    verbose_name = "Plain language"
