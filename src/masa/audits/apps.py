from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "masa.audits"
    label = "audits"
    verbose_name = "Assurance audits"

    def ready(self) -> None:
        from masa.audits import rules  # noqa: F401  (registers the grants)
