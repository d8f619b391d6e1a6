from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "masa.risks"
    label = "risks"
    verbose_name = "Risks and challenges"

    def ready(self) -> None:
        from masa.risks import rules  # noqa: F401  (registers the grants)
