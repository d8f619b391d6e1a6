"""Resourcing: the partnership's yearly budget, who pays into it and what it is spent on.

Money is held in whole pence (never floats). A budget published only as percentages (seed
002 gives the 2024/25 shares and no pounds) holds each contribution's `share_percent` and no
amount; a budget published in pounds holds amounts, and its shares are worked out from them.
"""

from __future__ import annotations

from django.db import models

from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission, ScopedQuerySet, reach


class ContributionSource(models.TextChoices):
    ORGANISATION = "organisation", "Organisation contribution"
    TRAINING_INCOME = "training_income", "Income from training"
    OTHER_INCOME = "other_income", "Other income"


class BudgetQuerySet(ScopedQuerySet["Budget"]):
    """Whole partnerships' budgets, or those with a contribution from the person's own
    organisation (agency leads then see only that contribution: Contribution.visible_to)."""

    view_permission = Permission.VIEW_BUDGET
    change_permission = Permission.MANAGE_BUDGET
    partnership_path = "partnership"
    organisation_path = "contributions__organisation"
    distinct_rows = True


class Budget(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(help_text="The year it starts: 2016 is 2016/17.")
    notes = models.TextField(blank=True)
    is_partial = models.BooleanField(
        default=False,
        help_text="Only some contributions are known: no total or shares are worked out.",
    )

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="unique_budget_year")
        ]

    def __str__(self) -> str:
        return f"Budget {self.label}"

    @property
    def reporting_year(self) -> ReportingYear:
        return ReportingYear(self.year)

    @property
    def label(self) -> str:
        return self.reporting_year.label


class ContributionQuerySet(ScopedQuerySet["Contribution"]):
    view_permission = Permission.VIEW_BUDGET
    change_permission = Permission.MANAGE_BUDGET
    partnership_path = "budget__partnership"
    organisation_path = "organisation"


class Contribution(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_contributions",
    )
    source = models.CharField(
        max_length=20, choices=ContributionSource.choices, default=ContributionSource.ORGANISATION
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="For income not from an organisation."
    )
    amount_pence = models.BigIntegerField(null=True, blank=True)
    share_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For budgets published as shares only.",
    )
    in_kind = models.TextField(blank=True, help_text="What is given in kind, and its value.")

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["budget", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_contribution_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_pence__isnull=True) | models.Q(amount_pence__gte=0),
                name="contribution_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.contributor

    @property
    def contributor(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.description or self.get_source_display()


class ExpenditureLineQuerySet(models.QuerySet["ExpenditureLine"]):
    """What the money is spent on belongs to the whole budget: those who see whole budgets
    (not an agency lead, who sees their own contribution only) see it."""

    def _within(self, user: object, permission: Permission) -> ExpenditureLineQuerySet:
        return self.filter(budget__partnership__in=reach(user, permission).partnership_ids)

    def visible_to(self, user: object) -> ExpenditureLineQuerySet:
        return self._within(user, Permission.VIEW_BUDGET)

    def changeable_by(self, user: object) -> ExpenditureLineQuerySet:
        return self._within(user, Permission.MANAGE_BUDGET)


class ExpenditureLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="expenditure")
    heading = models.CharField(max_length=200)
    amount_pence = models.BigIntegerField()

    objects = ExpenditureLineQuerySet.as_manager()

    class Meta:
        ordering = ["budget", "pk"]

    def __str__(self) -> str:
        return self.heading
