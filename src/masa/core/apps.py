from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masa.core"
    label = "core"
    verbose_name = "MASA core"

    def ready(self) -> None:
        from masa.core import checks  # noqa: F401  (registers the system checks)
