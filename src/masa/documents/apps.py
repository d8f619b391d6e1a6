from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "masa.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from masa.documents import rules  # noqa: F401  (registers the grants)
