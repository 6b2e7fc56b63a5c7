from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "kinmap.people"
    label = "people"
    verbose_name = "People and networks"
