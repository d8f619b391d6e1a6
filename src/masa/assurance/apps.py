from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "masa.assurance"
    label = "assurance"
    verbose_name = "Case audits, assurance reports and inspections"

    def ready(self) -> None:
        from masa.assurance import rules  # noqa: F401  (registers the grants)
