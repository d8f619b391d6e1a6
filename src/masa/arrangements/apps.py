from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "masa.arrangements"
    label = "arrangements"
    verbose_name = "Arrangements"

    def ready(self) -> None:
        from masa.arrangements import rules  # noqa: F401  (registers the grants)
