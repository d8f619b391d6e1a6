from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "masa.partnership"
    label = "partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from masa.partnership import rules  # noqa: F401  (registers the grants)
