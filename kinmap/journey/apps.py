from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "kinmap.journey"
    label = "journey"
    verbose_name = "The child's journey"
