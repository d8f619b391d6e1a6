"""The demo's business plan: the Somerset Safeguarding Children Board's priorities.

- 2017/18 priorities (seed 003 §12, "Key priorities for the SSCB for 2017/18"): each title,
  outcome and "We will ... by:" list exactly as the seed words them (bold marks dropped). The
  seed's heading for priority 4 is missing from the text (only its outcome survives); it is
  titled "Exploitation" here, the word the outcome and DOMAIN.md use.
- 2017/18 actions: the "Next steps" that §10 sets for each priority going into 2017/18,
  worded as the seed words them, with the subgroups §10 names where it names them (the
  Learning and Improvement subgroup for neglect learning, the CSE/CM subgroup for
  exploitation, quality and performance work for audits and data). Priority 5 takes the
  first point of its §12 list. The seed names no people: owners are the demo's invented
  personas, and the owning organisations are the demo's (the local authority leads
  strategically on CSE, §10 priority 4; the constabulary holds the intelligence on drugs
  networks). Milestones are invented days in 2017/18.
- Progress updates and the one highlight report are invented illustrations, in the terms
  the seed uses; no figures are invented.
- 2016/17 priorities (seed 003 §10.1) with their "what we did / how well / what difference
  it made" record, quoting §10 where it has the text (priority 5 has none in the seed).

Idempotent: records are found by their natural keys and created only when missing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from masa.accounts.models import Organisation, Person
from masa.accounts.selectors import DEMO_EMAIL_DOMAIN
from masa.businessplan.models import (
    ActionStatus,
    HighlightReport,
    ImpactRecord,
    PlanAction,
    Priority,
    ProgressUpdate,
    Rag,
)
from masa.partnership.models import Group, Partnership

COUNCIL = "Somerset Council"
ICB = "NHS Somerset Integrated Care Board"
POLICE = "Avon and Somerset Constabulary"
HEALTH_TRUST = "Somerset NHS Foundation Trust"

QUALITY = "Quality and Performance"
LEARNING = "Learning and Improvement"
HEALTH = "Health Safeguarding"
POLICY = "Policy and Procedures"
EXPLOITATION = "Exploitation and Missing Children"
BUSINESS_GROUP = "Partnership Business Group"


@dataclass(frozen=True)
class PrioritySeed:
    number: int
    title: str
    outcome: str
    approach: tuple[str, ...] = ()


# Seed 003 §12, in its order and words.
PRIORITIES_2017_18 = (
    PrioritySeed(
        1,
        "Early Help",
        "Children and families receive good quality and timely multiagency help to keep "
        "children safe and promote their wellbeing.",
        (
            "We will evaluate the effectiveness and impact of Early Help arrangements across "
            "Somerset by:",
            "evaluating the effectiveness of partners' delivery of their Early Help "
            "responsibilities",
            "assessing the impact of Effective Support Guidance and the threshold decisions on "
            "children and young people's outcomes (to include use of the EHA and step up and "
            "step down arrangements)",
            "understanding the views of children and parents/carers who receive early help "
            "support and services.",
        ),
    ),
    PrioritySeed(
        2,
        "Multi-agency Safeguarding",
        "Children are safeguarded through multi-agency partnership working.",
        (
            "We will evaluate the effectiveness and impact of safeguarding arrangements in "
            "Somerset by:",
            "scrutinising data and monitoring agency compliance with statutory child protection "
            "(CP) procedures and local guidance (effective support and resolving professional "
            "differences)",
            "assessing impact of the partnership's work around hidden harm through focused "
            "audit of identification and response to hidden harm and its impact on children",
            "understanding effectiveness of arrangements for practitioner engagement through "
            "audit and safeguarding conversations with practitioners",
            "understanding the views of children and parents/carers who experience Somerset's "
            "CP processes.",
        ),
    ),
    PrioritySeed(
        3,
        "Neglect",
        "Children who are experiencing or at risk of neglect are identified and safeguarded",
        (
            "We will raise the profile of neglect by:",
            "improving the awareness of professionals about neglect, the issues surrounding it "
            "and practical approaches for dealing with it",
            "developing, launching and implementing a multi-agency neglect strategy, "
            "practitioner guidance and the Somerset neglect action plan",
            "promoting early identification and responses",
            "assessing the effectiveness of agency responses",
            "understanding children's lived experience of neglect in order to improve practice",
        ),
    ),
    PrioritySeed(
        4,
        "Exploitation",
        "Children who are at risk of, or subject to, all forms of exploitation and abuse "
        "(including children missing from home, care or education) are identified and "
        "safeguarded (to include CSE, trafficking, county lines modern slavery)",
        (
            "We will work with partners to:",
            "improve the effectiveness of the strategic approach to tackling CSE/CM in Somerset "
            "through implementation of the CSE/CM action plan and redesign of the CSE system",
            "evaluate the effectiveness of partners' arrangements for identifying, assessing and "
            "tackling CSE/CM",
            "understand the views and experiences of children and families vulnerable/ and or "
            "subject to exploitation in influence the work of the partnership",
        ),
    ),
    PrioritySeed(
        5,
        "Strong Leadership and Strong Partnership",
        "The SSCB leads the safeguarding agenda and develops robust arrangements to "
        "co-ordinate and ensure the effectiveness of how children and young people are "
        "safeguarded in Somerset.",
        (
            "We will achieve this by:",
            "working with partners to deliver successfully against the Business Plan and "
            "associated work plans set for SSCB and its subgroups / working groups",
            "continuing to strengthen the governance interface between SSCB and other key "
            "strategic forums",
            "communicating and raising awareness about safeguarding to individuals, "
            "organisations and communities",
            "maintaining SSCB's Learning & Improvement Framework, facilitating, cascading and "
            "embedding learning from evidenced based practice and assessing impact of learning "
            "activity",
            "scrutinising and challenging performance of partner organisations around their "
            "safeguarding work",
            "engaging with children, young people and families to capture their views and "
            "experiences, influence the partnership's work and evaluate the impact of partner "
            "activity on their outcomes.",
        ),
    ),
)

# Seed 003 §10.1, the 2016/17 priorities (titles from §10's headings where it gives them).
PRIORITIES_2016_17 = (
    PrioritySeed(
        1,
        "Early Help",
        "Children and families receive good quality and timely multiagency help to keep "
        "children safe and promote their wellbeing.",
    ),
    PrioritySeed(
        2,
        "Multi-agency partnership working",
        "Children are safeguarded though effective multi-agency partnership working.",
    ),
    PrioritySeed(
        3,
        "Neglect",
        "Children who are experiencing or at risk of neglect are identified and safeguarded.",
    ),
    PrioritySeed(
        4,
        "Child sexual exploitation",
        "Children who are at risk of, or subject to, sexual exploitation and abuse (including "
        "children missing [from home, school or education]) are identified and safeguarded.",
    ),
    PrioritySeed(
        5,
        "Board effectiveness",
        "To ensure that the SSCB is effective and supported by a sustainable business unit.",
    ),
)


@dataclass(frozen=True)
class UpdateSeed:
    reported_on: datetime.date
    rag: Rag
    status: ActionStatus
    narrative: str


@dataclass(frozen=True)
class ActionSeed:
    priority: int
    description: str
    organisation: str
    group: str
    owner: str  # a demo persona's full name
    milestone_on: datetime.date
    measure_of_success: str = ""
    updates: tuple[UpdateSeed, ...] = ()


_D = datetime.date

# Seed 003 §10 "Next steps", the actions carried into 2017/18.
ACTIONS_2017_18 = (
    ActionSeed(
        1,
        "Continue to seek assurance that there is consistent application of the SSCB "
        "Effective Support for Children and Families guidance by all practitioners across the "
        "partnership",
        COUNCIL,
        QUALITY,
        "Ellie Hartfield",
        _D(2017, 12, 31),
        "Audit shows the guidance applied consistently across agencies.",
        (
            UpdateSeed(
                _D(2017, 10, 10),
                Rag.GREEN,
                ActionStatus.IN_PROGRESS,
                "Multi-agency audit of threshold decisions planned for the third quarter.",
            ),
        ),
    ),
    ActionSeed(
        1,
        "Increase the Board's understanding of the impact of Early Help through impact data "
        "and multi-agency evaluation",
        COUNCIL,
        QUALITY,
        "Tomasz Nowak",
        _D(2018, 3, 31),
        "Multi-agency evaluation tools in use to judge the effectiveness of early help.",
        (
            UpdateSeed(
                _D(2017, 10, 10),
                Rag.AMBER,
                ActionStatus.IN_PROGRESS,
                "Impact measures agreed in principle; partners' data not yet available.",
            ),
        ),
    ),
    ActionSeed(
        2,
        "Refine performance information about the quality and consistency of agency "
        "engagement with child protection planning processes",
        COUNCIL,
        QUALITY,
        "Ellie Hartfield",
        _D(2017, 9, 30),
        "The data set reports agency engagement with child protection planning.",
        (
            UpdateSeed(
                _D(2017, 7, 11),
                Rag.AMBER,
                ActionStatus.IN_PROGRESS,
                "Measures drafted with the child protection chairs.",
            ),
            UpdateSeed(
                _D(2017, 10, 10),
                Rag.GREEN,
                ActionStatus.COMPLETE,
                "Measures added to the quarterly data set and reported to the Board.",
            ),
        ),
    ),
    ActionSeed(
        2,
        "Conduct child protection conference review observations by SSCB members as a "
        "routinely scheduled activity to assist SSCB in monitoring progress against this "
        "priority in 2017/18",
        COUNCIL,
        QUALITY,
        "Tomasz Nowak",
        _D(2018, 3, 31),
        "Observations held each quarter and their findings reported.",
    ),
    ActionSeed(
        3,
        "Finalise the Neglect Strategy, action plan and toolkit and launch via multi-agency "
        "conference 'Working Together to Tackle Neglect in Somerset'",
        COUNCIL,
        LEARNING,
        "Tomasz Nowak",
        _D(2017, 11, 30),
        "Strategy, action plan and toolkit launched at the conference.",
        (
            UpdateSeed(
                _D(2017, 10, 10),
                Rag.RED,
                ActionStatus.IN_PROGRESS,
                "Launch conference moved: the toolkit needs further multi-agency sign-off.",
            ),
        ),
    ),
    ActionSeed(
        3,
        "Incorporate into single and multi-agency training programmes",
        HEALTH_TRUST,
        LEARNING,
        "Owen Trevithick",
        _D(2018, 3, 31),
        "Neglect included in single and multi-agency training.",
    ),
    ActionSeed(
        3,
        "Baseline and improve practitioners understanding of neglect and ability to identify "
        "and address issues early in order to improve outcomes",
        ICB,
        HEALTH,
        "Samira Haddad",
        _D(2017, 12, 31),
        "A baseline of practitioners' understanding, and a later measure against it.",
        (
            UpdateSeed(
                _D(2017, 10, 10),
                Rag.AMBER,
                ActionStatus.IN_PROGRESS,
                "Baseline survey sent to health practitioners; responses being collected.",
            ),
        ),
    ),
    ActionSeed(
        3,
        "Disseminate learning from multi-agency case review/audits and guidance across the "
        "partnership",
        COUNCIL,
        LEARNING,
        "Ellie Hartfield",
        _D(2018, 3, 31),
    ),
    ActionSeed(
        4,
        "Continue to strengthen strategic leadership and ownership to drive the strategy and "
        "action plan forward",
        COUNCIL,
        EXPLOITATION,
        "Tomasz Nowak",
        _D(2018, 3, 31),
        "The CSE/CM action plan is delivered to its milestones.",
        (
            UpdateSeed(
                _D(2017, 10, 10),
                Rag.GREEN,
                ActionStatus.IN_PROGRESS,
                "The executive group reviews the action plan at each meeting.",
            ),
        ),
    ),
    ActionSeed(
        4,
        "Embed CSE/CM performance framework and continue to improve workforce understanding "
        "of the complexities of CSE and capacity to build expertise through the use of the "
        "Champions Network",
        COUNCIL,
        EXPLOITATION,
        "Ellie Hartfield",
        _D(2018, 3, 31),
        "The performance framework reported each quarter; champions active in every agency.",
    ),
    ActionSeed(
        4,
        "Consider how the SSCB CSE strategy may align in the context of other criminal "
        "exploitation in Somerset, to take into account intelligence links between Dangerous "
        "Drugs Networks, trafficking and CSE which will require greater development as we "
        "move forward.",
        POLICE,
        EXPLOITATION,
        "Joanna Whitcombe",
        _D(2018, 3, 31),
    ),
    ActionSeed(
        5,
        "working with partners to deliver successfully against the Business Plan and "
        "associated work plans set for SSCB and its subgroups / working groups",
        COUNCIL,
        BUSINESS_GROUP,
        "Tomasz Nowak",
        _D(2018, 3, 31),
        "Each subgroup reports to the Business Planning Group every quarter.",
    ),
)


@dataclass(frozen=True)
class HighlightSeed:
    group: str
    start_year: int
    quarter: int
    writer: str
    written_on: datetime.date
    summary: str
    risks: str
    decisions_needed: str


HIGHLIGHT_REPORT = HighlightSeed(
    group=HEALTH,
    start_year=2017,
    quarter=2,
    writer="Samira Haddad",
    written_on=_D(2017, 10, 10),
    summary="The baseline survey of health practitioners' understanding of neglect has been "
    "sent out; responses are being collected for the next report.",
    risks="Responses from GP practices are low so far.",
    decisions_needed="None this quarter.",
)

# Seed 003 §10, by 2016/17 priority: (what we did, how well, what difference it made).
IMPACT_2016_17: dict[int, tuple[str, str, str]] = {
    1: (
        "Quarterly progress updates were reported to the SSCB on Early Help developments "
        "across Somerset, which are delivered by a range of partners including, schools, the "
        "local authority 'getset' services, children's centres, GPs and a range of health "
        "services as well as other local service providers including the voluntary and "
        "community sector. The Early Help strategy was launched in April 2016 and "
        "arrangements have continued to develop across 2016/17. 2016 also saw the launch of "
        "the Early Help and thresholds guidance, 'Effective support for children and "
        "families in Somerset' and the launch of a safeguarding leads consultation line.",
        "Although positive impact can be evidenced for individual children, the SSCB require "
        "multi-agency evaluation tools to help the partnership judge the effectiveness of "
        "the early help services provided.",
        "Awareness of Early Help guidance and use of assessment tools amongst practitioners "
        "across the partnership has increased significantly and the number of Early Help "
        "Assessments (EHAs) has continued to rise sharply across 2016/17. The SSCB also noted "
        "that EHAs have increased the recognition of domestic abuse and its impact upon "
        "children and young people.\n\nThe overall usage of the safeguarding lead "
        "consultation line in its first year helped increase practitioner understanding and "
        "application of thresholds for intervention.",
    ),
    2: (
        "The number of children subject to a child protection plan remained stable in "
        "Somerset, for the most part of 2016/17. In addition, the SSCB saw a decrease in the "
        "number of repeat child protection plans and the proportion of long-term child "
        "protection plans (2 years or more) gradually reduced. The SSCB multiagency audit "
        "subgroups carried out four case audits to contribute to assessment of progress of "
        "this priority.\n\nTwo Safeguarding Conversations took place, with two separate cases "
        "reviewed in 2016/17.",
        "",
        "",
    ),
    3: (
        "To assure itself further the SSCB commissioned a multi-agency group to develop a "
        "neglect strategy for Somerset, in addition to a neglect practitioner toolkit. The "
        "purpose of the strategy and toolkit was to establish strategic aims, objectives and "
        "priorities for Somerset in tackling neglect. This work is well under development and "
        "will be launched in 2017/18 having been developed by SSCB partners.",
        "",
        "The strategy and toolkit have benefitted from a high level of multi-agency "
        "practitioner engagement; impact will be tested once launched in 2017/18.",
    ),
    4: (
        "2016/17 was a transitional phase with regard to the SSCB establishing assurance "
        "around responsibilities for CSE and missing children and it recognised and "
        "acknowledged failings in multi-agency responses to safeguard children and young "
        "people from CSE. This recognition enabled the SSCB to progress some key developments "
        "to implement actions and assess impact.",
        "Progress has been made across the year but there remains much to do to ensure that "
        "CSE is recognised and responded to effectively. The recent development of a "
        "performance framework will assist in benchmarking progress and planned multi-agency "
        "audits for this year will provide qualitative feedback.",
        "CSE is starting to be recognised as something that happens in Somerset, not just "
        "elsewhere, with communities and practitioners being more alert to the indicators it "
        "presents. The feedback from the practitioner conferences held in December 2016 and "
        "March 2017 demonstrated an increased understanding of the local perspective through "
        "the sharing of local data, extracts from a problem profile and early findings from a "
        "Serious Case Review where CSE was a factor.",
    ),
}


def _persona(full_name: str) -> Person | None:
    first, *_, last = full_name.lower().split()
    return Person.objects.filter(email=f"{first}.{last}@{DEMO_EMAIL_DOMAIN}").first()


def _priorities(
    partnership: Partnership,
    start_year: int,
    seeds: tuple[PrioritySeed, ...],
    changes: Counter[str],
) -> dict[int, Priority]:
    found = {}
    for seed in seeds:
        priority, created = Priority.objects.get_or_create(
            partnership=partnership,
            start_year=start_year,
            number=seed.number,
            defaults={
                "title": seed.title,
                "outcome": seed.outcome,
                "approach": "\n".join(seed.approach),
            },
        )
        changes["business plan priorities"] += created
        found[seed.number] = priority
    return found


def load_business_plan(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    """The 2016/17 and 2017/18 plans (idempotent)."""
    earlier = _priorities(partnership, 2016, PRIORITIES_2016_17, changes)
    plan = _priorities(partnership, 2017, PRIORITIES_2017_18, changes)
    groups = {g.name: g for g in Group.objects.filter(partnership=partnership)}

    for seed in ACTIONS_2017_18:
        owning = organisations.get(seed.organisation) or Organisation.objects.get(
            name=seed.organisation
        )
        latest = seed.updates[-1] if seed.updates else None
        action, created = PlanAction.objects.get_or_create(
            priority=plan[seed.priority],
            description=seed.description,
            defaults={
                "owning_organisation": owning,
                "owner": _persona(seed.owner),
                "responsible_group": groups.get(seed.group),
                "milestone_on": seed.milestone_on,
                "measure_of_success": seed.measure_of_success,
                "status": latest.status if latest else ActionStatus.NOT_STARTED,
                "rag": latest.rag if latest else "",
            },
        )
        changes["business plan actions"] += created
        for update in seed.updates:
            _, made = ProgressUpdate.objects.get_or_create(
                action=action,
                reported_on=update.reported_on,
                defaults={
                    "rag": update.rag,
                    "status": update.status,
                    "narrative": update.narrative,
                    "reported_by": _persona(seed.owner),
                },
            )
            changes["progress updates"] += made

    report = HIGHLIGHT_REPORT
    group = groups.get(report.group)
    if group is not None:
        _, created = HighlightReport.objects.get_or_create(
            group=group,
            start_year=report.start_year,
            quarter=report.quarter,
            defaults={
                "summary": report.summary,
                "risks": report.risks,
                "decisions_needed": report.decisions_needed,
                "written_on": report.written_on,
                "written_by": _persona(report.writer),
            },
        )
        changes["highlight reports"] += created

    for number, (did, how_well, difference) in IMPACT_2016_17.items():
        _, created = ImpactRecord.objects.get_or_create(
            priority=earlier[number],
            defaults={"what_we_did": did, "how_well": how_well, "difference_made": difference},
        )
        changes["impact records"] += created
