"""National statistics for benchmarking: areas, measures, observations, statistical neighbours
and the ONS child population, as `masa import-dfe` loads them from the DfE's published files.

Local authorities are the partnership app's LocalAuthority (DfE 3-digit code, ONS codes by
year); an Area wraps one so that England, the regions and the authorities can be compared with
one foreign key.
"""

from __future__ import annotations

from django.db import models

from masa.accounts.models import Organisation, OrganisationKind
from masa.core.permissions import Permission, ScopedQuerySet
from masa.partnership.models import LocalAuthority, Partnership


class AreaKind(models.TextChoices):
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    SUB_REGION = "sub_region", "Part of a region (Inner or Outer London)"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class Area(models.Model):
    """England, a region (or Inner/Outer London) or a local authority, as statistics name it.

    A local authority is keyed by its DfE number through `local_authority`; England and the
    regions by their ONS code, which does not change. An authority that was split or merged
    keeps its old Area (its past figures stay with it); new DfE numbers are new Areas, linked
    to the old ones by AreaSuccession.
    """

    kind = models.CharField(max_length=20, choices=AreaKind.choices)
    name = models.CharField(max_length=120)
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        help_text="England and regions only; local authorities' ONS codes change, see OnsCode.",
    )
    local_authority = models.OneToOneField(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statistics_area",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The region an authority is in; London for Inner and Outer London.",
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="local_authority", local_authority__isnull=False)
                    | (~models.Q(kind="local_authority") & models.Q(ons_code__isnull=False))
                ),
                name="area_is_keyed",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AreaName(models.Model):
    """Each name an area has been given in the files (e.g. "Bournemouth (Pre LG)")."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="unique_area_name")]

    def __str__(self) -> str:
        return self.name


class AreaSuccession(models.Model):
    """A local government reorganisation: `successor` took over (part of) `predecessor`."""

    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="predecessions")
    year = models.PositiveSmallIntegerField(help_text="Calendar year the change took effect.")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_area_succession"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.year})"


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percentage"
    RATE_PER_10000 = "rate_per_10000", "Rate per 10,000 children"
    DAYS = "days", "Days"
    NUMBER = "number", "Number"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"
    NEITHER = "neither", "Neither (context only)"


class Measure(models.Model):
    """One published measure: a column of an EES file or a LAIT "Short Desc" code."""

    source = models.CharField(
        max_length=20, help_text='The dataset: "ees_b1", "ees_c1", …, or "lait".'
    )
    source_file = models.CharField(max_length=120)
    code = models.CharField(max_length=80, help_text="The column name or LAIT Short Desc.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    year_type = models.CharField(
        max_length=40, blank=True, help_text='What a period means, e.g. "Financial Year".'
    )

    class Meta:
        ordering = ["source", "code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="unique_measure_code")
        ]

    def __str__(self) -> str:
        return self.title


class NotAvailable(models.TextChoices):
    """Why a published figure has no value (the EES and LAIT symbols)."""

    SUPPRESSED = "c", "Suppressed to protect confidentiality"
    NOT_AVAILABLE = "x", "Not available"
    NOT_APPLICABLE = "z", "Not applicable"
    LOW_RELIABILITY = "u", "Low reliability"
    NOT_PUBLISHED = "-", "Not published (LAIT)"


class Observation(models.Model):
    """The value of a measure for an area in a period; never zero for a missing figure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    year = models.PositiveSmallIntegerField(
        help_text="The year the period ends: 2017 for 2016-17 (year to 31 March 2017)."
    )
    period_label = models.CharField(max_length=12, help_text='As the file gives it: "2017".')
    breakdown = models.CharField(max_length=80, blank=True, default="")
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    not_available_reason = models.CharField(
        max_length=1, choices=NotAvailable.choices, blank=True, default=""
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "year", "breakdown"], name="unique_observation"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(value__isnull=False, not_available_reason="")
                    | (models.Q(value__isnull=True) & ~models.Q(not_available_reason=""))
                    | models.Q(value__isnull=False, not_available_reason="u")
                ),
                name="observation_value_or_reason",
            ),
        ]
        indexes = [models.Index(fields=["area", "measure", "year"])]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.not_available_reason
        return f"{self.measure.code} {self.area_id} {self.period_label}: {shown}"


class ChildPopulation(models.Model):
    """ONS mid-year estimate of children aged 0–17 in an area."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="child_populations")
    year = models.PositiveSmallIntegerField(help_text="The mid-year of the estimate.")
    population = models.PositiveIntegerField(null=True, blank=True)
    not_available_reason = models.CharField(
        max_length=1, choices=NotAvailable.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="unique_child_population")
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}: {self.population}"


class NeighbourModel(models.TextChoices):
    APRIL_2021 = "2021", "DfE statistical neighbours, April 2021"
    MAY_2025 = "2025", "DfE statistical neighbours, 2025"


class StatisticalNeighbour(models.Model):
    """One of an authority's ten statistical neighbours in a DfE model, closest first."""

    model = models.CharField(max_length=4, choices=NeighbourModel.choices)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="neighbours")
    rank = models.PositiveSmallIntegerField()
    neighbour = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="neighbour_of")
    closeness = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["model", "area", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["model", "area", "rank"], name="unique_neighbour_rank"),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=10), name="neighbour_rank_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} SN{self.rank} ({self.model}): {self.neighbour_id}"


# ---------------------------------------------------------------- the indicator catalogue


class IndicatorSource(models.TextChoices):
    LOCAL = "local", "Local submission"
    NATIONAL = "national", "National statistics"


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class Indicator(models.Model):
    """One of the partnership's agreed indicators (seed 003 §4.2–4.4 and §6.8).

    The catalogue is the same for every partnership; targets are each partnership's own
    (IndicatorTarget). `measure` is the published national measure it is benchmarked on, where
    there is one; for a rate, `count_measure` is the published count from which the rate is
    worked out with the ONS 0–17 population when no published rate is available.
    """

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    definition = models.TextField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField("direction of better", max_length=10, choices=Polarity.choices)
    source = models.CharField(max_length=10, choices=IndicatorSource.choices)
    submitted_by = models.CharField(
        "submitted by (kind of organisation)",
        max_length=20,
        choices=OrganisationKind.choices,
        blank=True,
        help_text="For a local submission: which kind of organisation submits it.",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    measure = models.ForeignKey(
        Measure,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        help_text="The national measure this indicator is benchmarked on.",
    )
    count_measure = models.ForeignKey(
        Measure,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rate_indicators",
        help_text="For a rate: the national count it can be worked out from.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    breakdowns = models.CharField(
        max_length=120,
        blank=True,
        default="",
        help_text="For a local count submitted with breakdowns: the characteristics it is broken "
        'down by, comma-separated (e.g. "sex,age_band,ethnicity,disability"); see breakdowns.py.',
    )

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(source="local", submitted_by__gt="")
                    | models.Q(source="national", submitted_by="")
                ),
                name="indicator_local_names_its_submitter",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def breakdown_characteristics(self) -> list[str]:
        return [name for name in self.breakdowns.split(",") if name]


class IndicatorTarget(models.Model):
    """A partnership's target for an indicator in a year (the year the period ends, as in
    Observation: 2017 for 2016/17)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicator_targets"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(help_text="The year the period ends: 2017 for 2016/17.")
    value = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "year"], name="unique_indicator_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


# ---------------------------------------------------------------- local submissions


class SubmissionQuerySet(ScopedQuerySet["Submission"]):
    view_permission = Permission.VIEW_SUBMISSIONS
    change_permission = Permission.SUBMIT_DATA
    partnership_path = "partnership"
    organisation_path = "organisation"

    def current(self) -> SubmissionQuerySet:
        return self.filter(superseded=False)


class Submission(models.Model):
    """One organisation's value of a local indicator for a period, in a partnership.

    A resubmission for the same indicator, organisation and period makes a new Submission and
    marks the one it replaces `superseded`, pointing it at its successor, so the history is kept and exactly one
    value is current. `quarter` is 1–4 for a quarterly indicator (Q1 is April to June) and 0
    for a whole year; `year` is the year the period ends, as elsewhere (2017 for 2016/17).
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicator_submissions"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="submissions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="indicator_submissions"
    )
    year = models.PositiveSmallIntegerField(help_text="The year the period ends: 2017 for 2016/17.")
    quarter = models.PositiveSmallIntegerField(
        default=0, help_text="1–4 for a quarter of the year (Q1 is April–June); 0 for the year."
    )
    value = models.DecimalField(max_digits=16, decimal_places=4)
    submitted_by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="indicator_submissions"
    )
    submitted_at = models.DateTimeField()
    superseded = models.BooleanField(default=False)
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text="The later submission that replaced this value; blank while it is current.",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__position", "year", "quarter", "organisation__name", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "organisation", "year", "quarter"],
                condition=models.Q(superseded=False),
                name="one_current_submission",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__lte=4), name="submission_quarter_0_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.organisation_id} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        label = f"{self.year - 1}/{self.year % 100:02d}"
        return f"{label} Q{self.quarter}" if self.quarter else label

    @property
    def is_current(self) -> bool:
        return not self.superseded


class SubmissionBreakdown(models.Model):
    """How many of a submission's count fall in one category of one characteristic (sex, age
    band, ethnicity, disability, category of abuse). The counts of each characteristic add up
    to the submission's value. Small counts are shown as "fewer than 5" to everyone but the
    submitting organisation and the business unit (breakdowns.py)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="breakdowns")
    characteristic = models.CharField(max_length=30)
    category = models.CharField(max_length=40)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["submission", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "characteristic", "category"],
                name="unique_submission_breakdown",
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.characteristic}={self.category}: {self.count}"


class SubmissionReminderQuerySet(ScopedQuerySet["SubmissionReminder"]):
    view_permission = Permission.MANAGE_PERFORMANCE
    change_permission = Permission.MANAGE_PERFORMANCE
    partnership_path = "partnership"
    organisation_path = "organisation"


class SubmissionReminder(models.Model):
    """The business unit reminded an organisation's agency safeguarding leads that its figures
    for a period were outstanding (`quarter` 0 for a whole year, as in Submission)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="submission_reminders"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="submission_reminders"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(default=0)
    sent_by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="submission_reminders_sent"
    )
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(help_text="How many people were e-mailed.")

    objects = SubmissionReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year} Q{self.quarter} {self.sent_at:%Y-%m-%d}"
