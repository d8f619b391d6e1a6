import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_passkeys"),
        ("partnership", "0002_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="Budget",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        help_text="The year it starts: 2016 is 2016/17."
                    ),
                ),
                ("notes", models.TextField(blank=True)),
                (
                    "is_partial",
                    models.BooleanField(
                        default=False,
                        help_text="Only some contributions are known: no total or shares are worked out.",
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="budgets",
                        to="partnership.partnership",
                    ),
                ),
            ],
            options={"ordering": ["-year"]},
        ),
        migrations.CreateModel(
            name="Contribution",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("organisation", "Organisation contribution"),
                            ("training_income", "Income from training"),
                            ("other_income", "Other income"),
                        ],
                        default="organisation",
                        max_length=20,
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True, help_text="For income not from an organisation.", max_length=200
                    ),
                ),
                ("amount_pence", models.BigIntegerField(blank=True, null=True)),
                (
                    "share_percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="For budgets published as shares only.",
                        max_digits=5,
                        null=True,
                    ),
                ),
                (
                    "in_kind",
                    models.TextField(blank=True, help_text="What is given in kind, and its value."),
                ),
                (
                    "budget",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contributions",
                        to="partnership.budget",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="budget_contributions",
                        to="accounts.organisation",
                    ),
                ),
            ],
            options={"ordering": ["budget", "pk"]},
        ),
        migrations.CreateModel(
            name="ExpenditureLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("heading", models.CharField(max_length=200)),
                ("amount_pence", models.BigIntegerField()),
                (
                    "budget",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="expenditure",
                        to="partnership.budget",
                    ),
                ),
            ],
            options={"ordering": ["budget", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="budget",
            constraint=models.UniqueConstraint(
                fields=("partnership", "year"), name="unique_budget_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", False)),
                fields=("budget", "organisation"),
                name="one_contribution_per_organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount_pence__isnull", True), ("amount_pence__gte", 0), _connector="OR"
                ),
                name="contribution_not_negative",
            ),
        ),
    ]
