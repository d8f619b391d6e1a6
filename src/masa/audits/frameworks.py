"""The two frameworks MASA ships, in its own words, for a partnership to copy and adapt.

- Section 11 (Children Act 2004): eleven standards built on the statutory key features
  (research/mission-anchors.md §2.4) as Somerset's 2016/17 tool had (seed 003 §6.4), graded
  Outstanding / Good / Requires improvement / Inadequate. Sub-standard 8.3 (staff trained to
  recognise abuse and neglect) and 11.4 (internal audit and review) are the two the annual
  report quotes (seed 003 §10, priority 3).
- Section 175/157 (Education Act 2002): the topics of seed 003 §6.5, graded red, amber, green,
  with the private fostering awareness question answered yes or no.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from masa.accounts.models import OrganisationKind, SettingType
from masa.audits.models import (
    Framework,
    FrameworkVersion,
    Lineage,
    Question,
    QuestionKind,
    Scale,
    Standard,
    SubStandard,
    VersionStatus,
)
from masa.core import audit

# (standard title, [(sub-standard statement, evidence expected), ...])
SECTION_11: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Senior leaders are committed to safeguarding children",
        [
            ("A named senior leader is accountable for safeguarding children", "Job description"),
            ("Safeguarding is part of the organisation's plans and reports to its board", "Plan"),
            ("Leaders make sure safeguarding has the resources it needs", "Budget or staffing"),
        ],
    ),
    (
        "Everyone knows their safeguarding responsibilities",
        [
            ("A safeguarding policy, reviewed in the last year, is available to all staff", ""),
            ("Staff know how to raise a concern about a child", "Staff survey"),
            ("Contracts and role profiles describe safeguarding duties", ""),
        ],
    ),
    (
        "Clear lines of accountability",
        [
            ("A named or designated professional gives safeguarding advice", "Name and role"),
            ("Escalation routes are known and used when professionals disagree", "Escalations"),
            ("The organisation takes part in the partnership's groups and meetings", ""),
        ],
    ),
    (
        "Services are shaped by the views of children and families",
        [
            ("Children's and families' views are sought when services are planned", ""),
            ("The voice of the child is recorded in casework and informs decisions", "Audits"),
            ("Feedback from children leads to changes that are reported back", "You said, we did"),
        ],
    ),
    (
        "Safer recruitment",
        [
            ("Recruitment follows safer recruitment practice", "Recruitment policy"),
            ("DBS checks are made and renewed for the roles that need them", "DBS log"),
            ("Volunteers and contractors are checked as staff are", ""),
        ],
    ),
    (
        "Allegations against people who work with children",
        [
            ("Staff know how to report concerns about a colleague, and whistleblowing works", ""),
            ("Allegations are referred to the designated officer (LADO)", "Referrals"),
            ("Lessons from allegations are used to improve practice", ""),
        ],
    ),
    (
        "Working together with other agencies",
        [
            ("Staff use the partnership's threshold guidance and referral routes", ""),
            ("The organisation contributes to early help and child protection plans", ""),
            ("Staff take part in multi-agency meetings and reviews when asked", ""),
        ],
    ),
    (
        "Training, supervision and support",
        [
            ("A training needs analysis covers every role", "Training needs analysis"),
            ("New staff receive safeguarding induction", "Induction records"),
            (
                "Staff and volunteers who need it are trained to recognise the signs of "
                "abuse and neglect",
                "Training records",
            ),
            ("Staff working with children receive safeguarding supervision", ""),
        ],
    ),
    (
        "Sharing information",
        [
            ("Staff know when and how to share information to protect a child", "Guidance"),
            ("Records are accurate, timely and secure", "Record audits"),
            ("Information-sharing agreements are in place with partners", ""),
        ],
    ),
    (
        "Services commissioned or contracted out",
        [
            ("Contracts require providers to meet safeguarding standards", "Contract clauses"),
            ("Providers' safeguarding is monitored", "Monitoring reports"),
        ],
    ),
    (
        "Quality assurance and improvement",
        [
            ("Safeguarding performance is measured and reported", "Dashboard"),
            ("Learning from reviews is put into practice", "Action plans"),
            ("Complaints and incidents are used to improve safeguarding", ""),
            (
                "A programme of internal audit and review helps the organisation keep "
                "improving how it protects children from harm and neglect",
                "Audit programme",
            ),
        ],
    ),
]

# (standard title, [(sub-standard statement, evidence expected, [extra yes/no question])])
SECTION_175_157: list[tuple[str, list[tuple[str, str, list[str]]]]] = [
    (
        "Safeguarding and child protection policy",
        [("The policy is reviewed yearly, approved by governors and on the website", "", [])],
    ),
    (
        "Designated safeguarding lead",
        [
            ("A trained DSL and deputy are named and known to staff, pupils and parents", "", []),
            ("The DSL's training is refreshed every two years", "Certificates", []),
        ],
    ),
    (
        "Staff training",
        [("All staff have safeguarding training at induction and regular updates", "", [])],
    ),
    (
        "Safer recruitment",
        [("The single central record is complete and recruiters are trained", "SCR", [])],
    ),
    (
        "Whistleblowing and allegations",
        [("Staff know how to raise concerns about adults and feel able to do so", "", [])],
    ),
    (
        "Anti-bullying",
        [("The anti-bullying policy is followed and incidents are recorded", "", [])],
    ),
    (
        "Private fostering",
        [
            (
                "Staff understand private fostering and the procedure when they learn of an "
                "arrangement",
                "",
                [
                    "Do all staff know what private fostering is and that they must tell the "
                    "local authority about an arrangement?"
                ],
            )
        ],
    ),
    (
        "Child sexual exploitation",
        [("Staff know the signs of exploitation and the procedure to protect a child", "", [])],
    ),
    (
        "Female genital mutilation",
        [("Staff know the signs of FGM and the mandatory reporting duty", "Training", [])],
    ),
    (
        "Early help",
        [("The setting identifies children needing early help and takes part in plans", "", [])],
    ),
    (
        "Online safety",
        [("Filtering, monitoring and teaching keep pupils safe online", "Policy", [])],
    ),
]

SECTION_11_TITLE = "Section 11 self-assessment"
SECTION_175_TITLE = "Section 175/157 education safeguarding audit"

SECTION_11_KINDS = [
    OrganisationKind.LOCAL_AUTHORITY,
    OrganisationKind.INTEGRATED_CARE_BOARD,
    OrganisationKind.POLICE,
    OrganisationKind.RELEVANT_AGENCY,
    OrganisationKind.OTHER,
]


def _add_question(sub: SubStandard, order: int, text: str, kind: str) -> Question:
    return Question(
        substandard=sub,
        order=order,
        text=text,
        kind=kind,
        key=f"{sub.standard.number}.{sub.number}.{order}",
    )


@transaction.atomic
def install(*, actor: Any, partnership: Any, which: str, published: bool = True) -> Framework:
    """Add one shipped framework (Lineage value) to a partnership, as version 1."""
    if which == Lineage.SECTION_11:
        framework = Framework.objects.create(
            partnership=partnership,
            title=SECTION_11_TITLE,
            lineage=Lineage.SECTION_11,
            scale=Scale.OFSTED,
            organisation_kinds=list(SECTION_11_KINDS),
        )
    elif which == Lineage.SECTION_175_157:
        framework = Framework.objects.create(
            partnership=partnership,
            title=SECTION_175_TITLE,
            lineage=Lineage.SECTION_175_157,
            scale=Scale.RAG,
            organisation_kinds=[OrganisationKind.EDUCATION],
            setting_types=list(SettingType.values),
        )
    else:
        raise ValueError(f"no shipped framework for {which}")
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=1,
        status=VersionStatus.PUBLISHED if published else VersionStatus.DRAFT,
    )
    questions: list[Question] = []
    if which == Lineage.SECTION_11:
        for number, (title, subs) in enumerate(SECTION_11, start=1):
            standard = Standard.objects.create(version=version, number=number, title=title)
            for sub_number, (statement, evidence) in enumerate(subs, start=1):
                sub = SubStandard.objects.create(
                    standard=standard,
                    number=sub_number,
                    statement=statement,
                    evidence_expected=evidence,
                    guidance="Grade what happens in practice, with evidence, not what the "
                    "policy says should happen.",
                )
                questions.append(
                    _add_question(
                        sub,
                        1,
                        f"How well does your organisation meet this: "
                        f"{statement[0].lower()}{statement[1:]}?",
                        QuestionKind.GRADED,
                    )
                )
    else:
        for number, (title, subs175) in enumerate(SECTION_175_157, start=1):
            standard = Standard.objects.create(version=version, number=number, title=title)
            for sub_number, (statement, evidence, extra) in enumerate(subs175, start=1):
                sub = SubStandard.objects.create(
                    standard=standard,
                    number=sub_number,
                    statement=statement,
                    evidence_expected=evidence,
                    guidance="Green: fully in place. Amber: partly in place. Red: not yet "
                    "in place or not known.",
                )
                questions.append(
                    _add_question(
                        sub,
                        1,
                        f"Rate your setting: {statement[0].lower()}{statement[1:]}",
                        QuestionKind.GRADED,
                    )
                )
                for order, text in enumerate(extra, start=2):
                    questions.append(_add_question(sub, order, text, QuestionKind.YES_NO))
    Question.objects.bulk_create(questions)
    audit.record(
        actor=actor,
        action="audit_framework.installed",
        target=framework,
        detail={"lineage": which, "questions": len(questions)},
    )
    return framework
