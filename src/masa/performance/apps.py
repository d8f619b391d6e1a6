from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "masa.performance"
    label = "performance"
    verbose_name = "Performance data"

    def ready(self) -> None:
        from masa.performance import rules  # noqa: F401  (registers the grants)
