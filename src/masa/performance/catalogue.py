"""The indicator catalogue the seeds name, and the demo partnership's targets.

`load_indicator_catalogue()` is idempotent: it creates the indicators of CATALOGUE, brings
their wording up to date and links each to its national measure (by the measure's source and
code as `masa import-dfe` stores them) once that measure has been imported. `masa import-dfe`
calls it after each import, and the demo loader calls it through `load_performance_demo`.

Which national measure each indicator is benchmarked on:
- LAIT "Short Desc" codes where LAIT publishes the indicator as the seeds define it
  (ReReferral, CP_conf_15days, CPP_rate, CPPlans2yrs, PrevRegCPR, Continue_Assess_Comp,
  Section_47, CIN, LAC);
- the explore-education-statistics columns for counts (c1 referral_count, d5 CPP_At31,
  b1 At31_episodes, cla looked_after_at_31_march.children_count), which go back to 2013;
- for a rate, the count it can be worked out from when the rate is not published.
Indicators with no national equivalent (contacts, early help, missing episodes, domestic
abuse notifications, …) are local submissions only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from masa.accounts.models import OrganisationKind
from masa.partnership.models import Partnership
from masa.performance.breakdowns import BREAKDOWNS
from masa.performance.models import (
    Frequency,
    Indicator,
    IndicatorSource,
    IndicatorTarget,
    Measure,
    Polarity,
    Unit,
)

LA = OrganisationKind.LOCAL_AUTHORITY
POLICE = OrganisationKind.POLICE
HIGHER, LOWER, NEITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEITHER
LOCAL, NATIONAL = IndicatorSource.LOCAL, IndicatorSource.NATIONAL
QUARTERLY, ANNUAL = Frequency.QUARTERLY, Frequency.ANNUAL

MeasureKey = tuple[str, str]  # (Measure.source, Measure.code)


@dataclass(frozen=True)
class Entry:
    code: str
    title: str
    definition: str
    unit: str
    direction: str
    source: str
    frequency: str
    submitted_by: str = ""
    measure: MeasureKey | None = None
    count_measure: MeasureKey | None = None


# In the order of seed 003 §4.4 (the 2016-17 snapshot), then §4.2–4.3 and §6.8.
CATALOGUE: tuple[Entry, ...] = (
    Entry(
        "contacts",
        "Contacts to children's social care",
        "Contacts received by the local authority's front door (Somerset Direct) in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "referrals",
        "Referrals to children's social care",
        "Referrals to children's social care received in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("ees_c1", "referral_count"),
    ),
    Entry(
        "re-referrals-12-months",
        "Re-referrals within 12 months of a previous referral (%)",
        "Referrals in the period that came within 12 months of a previous referral of the same "
        "child, as a percentage of all referrals.",
        Unit.PERCENT,
        LOWER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("lait", "ReReferral"),
    ),
    Entry(
        "assessments-started",
        "Children and families assessments started",
        "Statutory social work assessments started in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "assessments-completed",
        "Children and families assessments completed",
        "Statutory social work assessments completed in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "assessment-average-days",
        "Average days to complete an assessment",
        "Mean number of working days from the start to the completion of the assessments "
        "completed in the period.",
        Unit.DAYS,
        LOWER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "assessments-within-45-days",
        "Assessments completed within 45 working days (%)",
        "Assessments completed in the period within 45 working days of their start, as a "
        "percentage of all assessments completed.",
        Unit.PERCENT,
        HIGHER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("lait", "Continue_Assess_Comp"),
    ),
    Entry(
        "section-47-enquiries-rate",
        "Section 47 enquiries started (rate per 10,000 children)",
        "Section 47 enquiries started in the year per 10,000 children aged 0 to 17.",
        Unit.RATE_PER_10000,
        NEITHER,
        NATIONAL,
        ANNUAL,
        measure=("lait", "Section_47"),
    ),
    Entry(
        "icpcs",
        "Initial child protection conferences held",
        "Initial child protection conferences (ICPCs) completed in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "icpc-within-15-days",
        "ICPCs held within 15 working days of the section 47 enquiry (%)",
        "Initial child protection conferences held within 15 working days of the start of the "
        "section 47 enquiry that led to them, as a percentage of all ICPCs.",
        Unit.PERCENT,
        HIGHER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("lait", "CP_conf_15days"),
    ),
    Entry(
        "review-conferences-on-time",
        "Child protection review conferences held on time (%)",
        "Review child protection conferences held within the required timescales, as a "
        "percentage of all review conferences.",
        Unit.PERCENT,
        HIGHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "cp-plans",
        "Children on a child protection plan",
        "Children who are the subject of a child protection plan at the end of the period "
        "(31 March for the year).",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("ees_d5", "CPP_At31"),
    ),
    Entry(
        "cp-plans-rate",
        "Children on a child protection plan (rate per 10,000 children)",
        "Children who are the subject of a child protection plan at 31 March per 10,000 "
        "children aged 0 to 17.",
        Unit.RATE_PER_10000,
        NEITHER,
        NATIONAL,
        ANNUAL,
        measure=("lait", "CPP_rate"),
        count_measure=("ees_d5", "CPP_At31"),
    ),
    *(
        Entry(
            f"cp-plans-category-{slug}",
            f"Child protection plans by category: {name} (%)",
            f"Children on a child protection plan at the end of the period whose initial "
            f"category of abuse is {name.lower()}, as a percentage of all children on a plan.",
            Unit.PERCENT,
            NEITHER,
            LOCAL,
            QUARTERLY,
            LA,
        )
        for slug, name in (
            ("emotional-abuse", "Emotional abuse"),
            ("neglect", "Neglect"),
            ("physical-abuse", "Physical abuse"),
            ("sexual-abuse", "Sexual abuse"),
            ("multiple", "Multiple categories"),
        )
    ),
    Entry(
        "cp-plans-2-years-or-more",
        "Child protection plans lasting 2 years or more (%)",
        "Child protection plans ending in the period that had lasted two years or more, as a "
        "percentage of all plans ending.",
        Unit.PERCENT,
        LOWER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("lait", "CPPlans2yrs"),
    ),
    Entry(
        "cp-plans-second-or-subsequent",
        "Child protection plans that are a second or subsequent plan (%)",
        "Children becoming the subject of a child protection plan in the period for a second "
        "or subsequent time, as a percentage of all children becoming the subject of a plan.",
        Unit.PERCENT,
        LOWER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("lait", "PrevRegCPR"),
    ),
    Entry(
        "children-in-need",
        "Children in need",
        "Children in need at the end of the period (31 March for the year).",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("ees_b1", "At31_episodes"),
    ),
    Entry(
        "children-in-need-rate",
        "Children in need (rate per 10,000 children)",
        "Children in need at 31 March per 10,000 children aged 0 to 17.",
        Unit.RATE_PER_10000,
        NEITHER,
        NATIONAL,
        ANNUAL,
        measure=("lait", "CIN"),
        count_measure=("ees_b1", "At31_episodes"),
    ),
    Entry(
        "children-looked-after",
        "Children looked after",
        "Children looked after at the end of the period (31 March for the year).",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
        measure=("ees_cla", "looked_after_at_31_march.children_count"),
    ),
    Entry(
        "children-looked-after-rate",
        "Children looked after (rate per 10,000 children)",
        "Children looked after at 31 March per 10,000 children aged 0 to 17.",
        Unit.RATE_PER_10000,
        NEITHER,
        NATIONAL,
        ANNUAL,
        measure=("lait", "LAC"),
        count_measure=("lait", "LACnum"),
    ),
    Entry(
        "early-help-assessments-open",
        "Open early help assessments",
        "Early help assessments open at the end of the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "early-help-hub-referrals",
        "Referrals and early help assessments to the Early Help hub",
        "Referrals and early help assessments received by the Early Help hub in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "missing-from-home-episodes",
        "Episodes of children missing from home",
        "Incidents of children and young people reported missing from home in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        POLICE,
    ),
    Entry(
        "children-missing-from-care",
        "Children looked after who went missing from care",
        "Children looked after by the authority who went missing from care in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "return-home-interviews",
        "Return home interviews conducted",
        "Return home interviews conducted after a child came back from a missing episode.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "return-home-interviews-percent",
        "Missing episodes followed by a return home interview (%)",
        "Return home interviews conducted, as a percentage of missing episodes in the period.",
        Unit.PERCENT,
        HIGHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "children-at-risk-of-cse",
        "Children identified as at risk of child sexual exploitation",
        "Children flagged as at risk of child sexual exploitation at the end of the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "high-risk-domestic-abuse-notifications",
        "High-risk domestic abuse notifications",
        "Notifications of high-risk domestic abuse incidents made to the police in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        POLICE,
    ),
    Entry(
        "children-in-high-risk-domestic-abuse-incidents",
        "Children associated with high-risk domestic abuse incidents",
        "Children associated with the high-risk domestic abuse incidents notified in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        POLICE,
    ),
    Entry(
        "high-risk-domestic-abuse-repeat-percent",
        "Repeat high-risk domestic abuse incidents (%)",
        "High-risk domestic abuse incidents in the period that repeated an earlier incident, "
        "as a percentage of all high-risk incidents.",
        Unit.PERCENT,
        LOWER,
        LOCAL,
        QUARTERLY,
        POLICE,
    ),
    Entry(
        "allegations-against-staff",
        "Allegations of abuse made against staff working with children",
        "Notifications to the designated officer (LADO) of allegations against people who work "
        "with children, in the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
    Entry(
        "private-fostering-arrangements",
        "Private fostering arrangements",
        "Private fostering arrangements known to the authority at the end of the period.",
        Unit.COUNT,
        NEITHER,
        LOCAL,
        QUARTERLY,
        LA,
    ),
)

# The targets the seeds state, for the year ending 31 March 2017 (2016/17).
DEMO_TARGETS: tuple[tuple[str, int, Decimal, str], ...] = (
    # §6.8: "Somerset exceeded its 2016/17 target of 22%" (re-referrals, 20.8%)
    ("re-referrals-12-months", 2017, Decimal("22"), "seed 003 §6.8"),
    # §6.8: "Somerset achieved the target of 2% (9 children) ... longer than 2 years"
    ("cp-plans-2-years-or-more", 2017, Decimal("2"), "seed 003 §6.8"),
    # §6.8: "the 2016/17 figure [19.3%] remains above target of 15%" (second or subsequent)
    ("cp-plans-second-or-subsequent", 2017, Decimal("15"), "seed 003 §6.8"),
)

_FIELDS = ("title", "definition", "unit", "direction", "source", "submitted_by", "frequency")


def load_indicator_catalogue() -> Counter[str]:
    """Create or update the catalogue and link measures that have been imported; idempotent.
    Returns how many indicators were added, changed and linked."""
    changes: Counter[str] = Counter()
    with transaction.atomic():
        measures = {(m.source, m.code): m.pk for m in Measure.objects.only("source", "code")}
        existing = {indicator.code: indicator for indicator in Indicator.objects.all()}
        for position, entry in enumerate(CATALOGUE, start=1):
            wanted: dict[str, object] = {name: getattr(entry, name) for name in _FIELDS}
            wanted["position"] = position
            wanted["breakdowns"] = ",".join(BREAKDOWNS.get(entry.code, ()))
            wanted["measure_id"] = measures.get(entry.measure) if entry.measure else None
            wanted["count_measure_id"] = (
                measures.get(entry.count_measure) if entry.count_measure else None
            )
            found = existing.get(entry.code)
            if found is None:
                Indicator.objects.create(code=entry.code, **wanted)
                changes["indicators added"] += 1
                continue
            different = [name for name, value in wanted.items() if getattr(found, name) != value]
            if different:
                for name in different:
                    setattr(found, name, wanted[name])
                found.save(update_fields=different)
                changes["indicators changed"] += 1
    return changes


def load_performance_demo(partnership: Partnership, changes: Counter[str]) -> None:
    """The catalogue, and the demo partnership's targets as seed 003 states them."""
    changes.update(load_indicator_catalogue())
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=[t[0] for t in DEMO_TARGETS])
    }
    for code, year, value, _source in DEMO_TARGETS:
        _, created = IndicatorTarget.objects.get_or_create(
            partnership=partnership,
            indicator=indicators[code],
            year=year,
            defaults={"value": value},
        )
        if created:
            changes["indicator targets"] += 1
