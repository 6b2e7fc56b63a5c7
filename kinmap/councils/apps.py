from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "kinmap.councils"
    label = "councils"
    verbose_name = "Councils and teams"
