from django.apps import AppConfig


class BusinessplanConfig(AppConfig):
    name = "masa.businessplan"
    label = "businessplan"
    verbose_name = "Business plan"

    def ready(self) -> None:
        from masa.businessplan import rules  # noqa: F401  (registers the grants)
