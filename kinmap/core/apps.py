from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinmap.core"
    label = "core"
    verbose_name = "Kinmap core"
