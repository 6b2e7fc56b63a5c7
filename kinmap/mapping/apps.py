from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "kinmap.mapping"
    label = "mapping"
    verbose_name = "Mapping, statements and scaling"
