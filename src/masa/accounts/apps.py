from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "masa.accounts"
    label = "accounts"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from masa.accounts import rules  # noqa: F401  (registers the grants)
