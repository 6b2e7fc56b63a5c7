from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kinmap.demo"
    label = "demo"
    verbose_name = "Demo families"
