from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "kinmap.worklists"
    label = "worklists"
    verbose_name = "Worklists and dashboards"
