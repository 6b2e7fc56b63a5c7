from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinmap.core"
    label = "core"
    verbose_name = "Kinmap core"

    def ready(self) -> None:
        # The one path's history receiver names every version saved inside a change (who, why).
        from kinmap.core import actions  # noqa: F401
