"""The maintained list of learning themes, seeded with issue 5's list and the themes the
seeds use (seed 003 §8–9; seed 000 §5.4 and §5.11). The business unit keeps it up to date."""

from django.db import migrations

from masa.learning.theme_list import THEMES


def seed_themes(apps, schema_editor):
    Theme = apps.get_model("learning", "Theme")
    for name, description in THEMES:
        Theme.objects.get_or_create(name=name, defaults={"description": description})


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_reviews"),
    ]

    operations = [
        migrations.RunPython(seed_themes, migrations.RunPython.noop),
    ]
