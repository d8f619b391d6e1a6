from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "masa.learning"
    label = "learning"
    verbose_name = "Learning from serious cases"

    def ready(self) -> None:
        from masa.learning import rules  # noqa: F401  (registers the grants)
