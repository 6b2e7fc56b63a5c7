from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "kinmap.rules"
    label = "rules"
    verbose_name = "Practice rules"
