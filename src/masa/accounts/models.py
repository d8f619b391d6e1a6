from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from masa.core.permissions import Permission, reach
from masa.core.roles import Role


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Statutory safeguarding partner: local authority"
    INTEGRATED_CARE_BOARD = "icb", "Statutory safeguarding partner: integrated care board"
    POLICE = "police", "Statutory safeguarding partner: police"
    RELEVANT_AGENCY = "relevant_agency", "Relevant agency"
    EDUCATION = "education", "Education setting"
    OTHER = "other", "Other organisation"


STATUTORY_PARTNER_KINDS = frozenset(
    {
        OrganisationKind.LOCAL_AUTHORITY,
        OrganisationKind.INTEGRATED_CARE_BOARD,
        OrganisationKind.POLICE,
    }
)


class AgencyCategory(models.TextChoices):
    """Relevant agency categories: the Relevant Agency Regulations' groups as the seeds use
    them (seed 001 §5.21, seed 002 'Relevant agencies')."""

    NHS = "nhs", "NHS organisations"
    PRIMARY_CARE = "primary_care", "Primary care"
    PUBLIC_HEALTH = "public_health", "Public health"
    ADULT_SERVICES = "adult_services", "Adult services"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    PROBATION = "probation", "Probation"
    POLICING = "policing", "Policing and crime"
    CAFCASS = "cafcass", "CAFCASS"
    HOUSING = "housing", "Housing"
    DISTRICT_COUNCIL = "district_council", "District councils"
    EARLY_HELP = "early_help", "Early help"
    EARLY_YEARS = "early_years", "Early years"
    CHILDRENS_HOMES = "childrens_homes", "Children's homes and fostering"
    EMERGENCY_SERVICES = "emergency_services", "Fire and ambulance services"
    SECURE_ESTATE = "secure_estate", "Prisons and the secure estate"
    VOLUNTARY_SECTOR = "voluntary", "Voluntary, community and social enterprise"
    SPORT = "sport", "Sports groups and associations"
    FAITH = "faith", "Faith organisations"
    SPECIALIST_SERVICES = "specialist", "Specialist services (domestic abuse, drugs and alcohol)"


class SettingType(models.TextChoices):
    MAINTAINED = "maintained", "Maintained school"
    ACADEMY = "academy", "Academy or free school"
    INDEPENDENT = "independent", "Independent school"
    SEN_INDEPENDENT = "sen_independent", "Independent special school"
    PUPIL_REFERRAL_UNIT = "pru", "Pupil referral unit"
    FURTHER_EDUCATION = "further_education", "Further education college"
    EARLY_YEARS = "early_years", "Early years setting"


class OrganisationQuerySet(QuerySet["Organisation"]):
    def visible_to(self, user: object) -> OrganisationQuerySet:
        where = reach(user, Permission.VIEW_ORGANISATION)
        return self.filter(
            where.q(partnership_path="partnerships", organisation_path="pk")
        ).distinct()

    def changeable_by(self, user: object) -> OrganisationQuerySet:
        where = reach(user, Permission.CHANGE_ORGANISATION)
        return self.filter(
            where.q(partnership_path="partnerships", organisation_path="pk")
        ).distinct()


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    agency_category = models.CharField(max_length=20, choices=AgencyCategory.choices, blank=True)
    setting_type = models.CharField(max_length=20, choices=SettingType.choices, blank=True)
    dfe_urn = models.CharField("DfE unique reference number", max_length=10, blank=True)
    has_section_11_duty = models.BooleanField(default=False)
    partnerships = models.ManyToManyField(
        "partnership.Partnership", through="Engagement", related_name="organisations"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="education") | Q(setting_type=""),
                name="setting_type_only_for_education",
            ),
            models.CheckConstraint(
                condition=Q(kind="relevant_agency") | Q(agency_category=""),
                name="agency_category_only_for_relevant_agencies",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory_partner(self) -> bool:
        return self.kind in STATUTORY_PARTNER_KINDS


class EngagementQuerySet(QuerySet["Engagement"]):
    """The relevant agencies register: every engagement of the partnership for read-across
    roles, an agency lead's own organisation's engagement."""

    def _within(self, user: object, permission: Permission) -> EngagementQuerySet:
        where = reach(user, permission)
        return self.filter(
            where.q(partnership_path="partnership", organisation_path="organisation")
        )

    def visible_to(self, user: object) -> EngagementQuerySet:
        return self._within(user, Permission.VIEW_AGENCY_REGISTER)

    def changeable_by(self, user: object) -> EngagementQuerySet:
        return self._within(user, Permission.MANAGE_AGENCY_REGISTER)

    def review_overdue(self, today: datetime.date) -> EngagementQuerySet:
        return self.filter(next_review_on__lt=today)


class Engagement(models.Model):
    """An organisation working with a partnership (it may work with several). For a relevant
    agency it is the agency's entry in the partnership's register, reviewed regularly (seed
    001 §5.21)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    how_engaged = models.TextField(blank=True)
    since = models.DateField(null=True, blank=True)
    last_reviewed_on = models.DateField("engagement last reviewed", null=True, blank=True)
    next_review_on = models.DateField("next review of the engagement", null=True, blank=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_engagement_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"


class PersonQuerySet(QuerySet["Person"]):
    def visible_to(self, user: object) -> PersonQuerySet:
        where = reach(user, Permission.VIEW_PERSON)
        today = timezone.localdate()
        # One filter() call, so every condition applies to the same membership row.
        current = Q(memberships__started_on__lte=today) & (
            Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=today)
        )
        return self.filter(
            current
            & where.q(
                partnership_path="memberships__partnership",
                organisation_path="memberships__organisation",
            )
        ).distinct()


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> Person:
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person


class Person(AbstractBaseUser):
    """Someone who signs in to MASA. People are disabled, never deleted (the audit trail
    refers to them)."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    def current_memberships(self) -> list[Membership]:
        """Memberships in force today, fetched once per request (the policy asks often)."""
        cached = getattr(self, "_current_memberships", None)
        if cached is None:
            today = timezone.localdate()
            cached = list(
                self.memberships.filter(
                    Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today
                ).select_related("organisation", "partnership")
            )
            self._current_memberships = cached
        return cached

    def roles(self) -> set[Role]:
        return {Role(m.role) for m in self.current_memberships()}

    @property
    def has_second_factor(self) -> bool:
        return hasattr(self, "totp_device") and self.totp_device.confirmed


class Membership(models.Model):
    """A person holding a role, through an organisation, in a partnership."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    started_on = models.DateField(default=datetime.date.today)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "partnership", "role"],
                name="one_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"


class TotpDevice(models.Model):
    """A person's authenticator app. `last_used_step` makes each code work once, in every
    server process: accepting a code is a conditional UPDATE that only one request can win."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed = models.BooleanField(default=False)
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Authenticator app of {self.person}"


class RecoveryCode(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Recovery code of {self.person}"


class ApiToken(models.Model):
    """An API token. Only its SHA-256 is stored; the token itself is shown once."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token '{self.name}' (masa_{self.prefix}…)"


class SignInAttempt(models.Model):
    """Failed sign-ins, counted per account and per address for throttling (T3)."""

    account_key = models.CharField(max_length=64, db_index=True)
    address = models.GenericIPAddressField(null=True)
    attempted_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Failed sign-in at {self.attempted_at:%Y-%m-%d %H:%M}"


class Passkey(models.Model):
    """A WebAuthn credential: a second factor that cannot be phished or typed into a fake site."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=100)
    credential_id = models.BinaryField(unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Passkey '{self.name}' of {self.person}"
