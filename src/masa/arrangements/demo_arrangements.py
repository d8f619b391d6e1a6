"""The demo partnership's published arrangements: two approved versions.

- Version 2 is seed 002, the SSCP Partnership Agreement revised for Working Together 2023
  (agreement made on 30 December 2024), section by section. The records supply the area, the
  leaders (the demo's invented personas, never the seed's names), the relevant agencies, the
  groups and the 2024/25 shares of the budget (33/33/15/19, seed 002 "Resourcing").
- Version 1 is the first arrangements under Working Together 2018, published on 26 June 2019
  and in force from 29 September 2019 (seed 000 §1.1), told as seed 000 summarises them
  (§1, §5). Its record-based parts show the demo's records as loaded (the demo holds no 2019
  people or budget), so what differs from version 2 is the text, the title and the budget.

Both are approved by the demo's lead safeguarding partner for the council. The statutory
milestones get the dates the seeds give (seed 000 §1.1; seed 002); the Secretary of State's
notification in 2019 has no published date, so it stays unrecorded (and shows as overdue).
Idempotent: once the arrangements exist, nothing is changed but blank milestone dates.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils import timezone

from masa.accounts.models import Person
from masa.arrangements.models import Arrangements, Milestone, SectionKey
from masa.arrangements.services import (
    STATUTORY_MILESTONES,
    arrangements_approve,
    arrangements_start,
    details_change,
    milestone_record,
    section_change,
)
from masa.partnership.models import Partnership

APPROVER_EMAIL = "alison.penrose@demo.masa.invalid"  # the council's lead safeguarding partner

TITLE_2019 = "Somerset Safeguarding Children Partnership arrangements"
TITLE_2024 = "Multi Agency Safeguarding Arrangements Partnership Agreement"
APPROVED_2019 = datetime.datetime(2019, 6, 26, 12, 0)
APPROVED_2024 = datetime.datetime(2024, 12, 30, 12, 0)

# Seed 000 §1.1: published 26 June 2019, in force 29 September 2019; seed 002: 30 December 2024.
MILESTONES_DONE = {
    STATUTORY_MILESTONES[0].title: datetime.date(2019, 6, 26),
    STATUTORY_MILESTONES[2].title: datetime.date(2019, 9, 29),
    STATUTORY_MILESTONES[3].title: datetime.date(2024, 12, 30),
}
MILESTONE_NOTES = {
    STATUTORY_MILESTONES[1].title: "Seed 000 §1.1: the Department for Education assessed the "
    "arrangements as compliant; the date it was notified is not published.",
}

S = SectionKey

TEXT_2019 = {
    S.INTRODUCTION: """The Children and Social Work Act 2017 and Working Together to Safeguard Children 2018 replace the Local Safeguarding Children Board. Somerset County Council, Somerset Clinical Commissioning Group and Avon and Somerset Constabulary now form a tripartite Children's Safeguarding Partnership, with a shared and equal duty to make arrangements to work together to safeguard and promote the welfare of all children in Somerset.

The Somerset Children's Trust is integrated with the new partnership arrangements.""",
    S.AREA: "The partnership works with its neighbours across the Avon and Somerset Constabulary area on complex safeguarding, scrutiny, data and performance, and training.",
    S.LEADERSHIP: """The lead representatives of the safeguarding partners are the council's Chief Executive, the accountable officer of the clinical commissioning group and the Chief Constable, who have shared accountability. Where a clear, single point of leadership is needed, the three partners decide who will take the lead.""",
    S.RELEVANT_AGENCIES: "Many local organisations and agencies have a duty under section 11 of the Children Act 2004 to consider the need to safeguard and promote the welfare of children when carrying out their functions, and contribute to the partnership's work.",
    S.PARTICIPATION: "Children and young people asked to hold partners to account for safeguarding through an annual face-to-face meeting, facilitated by the council's participation workers. A framework for seeking the views of children and young people is being developed from the Children's Trust's good practice.",
    S.GOVERNANCE: """The partners intend to appoint an Independent Scrutineer for high-level assurance of safeguarding activity for children across Somerset. Scrutiny remains place-based within Somerset.

The local scrutiny and quality assurance framework includes:
- multi-agency audits
- thematic and learning reviews
- child safeguarding practice reviews
- Section 11 audits and peer challenge of their findings
- an annual face-to-face conversation with children and young people
- Section 157/175 audits of education providers
- a twelve-monthly report""",
    S.RESOURCING: "The current budget is retained for 2019-2020. The three safeguarding partners will identify efficiencies for 2020-2021 and set a budget by December 2019.",
    S.REVIEWS: "Child safeguarding practice reviews replace serious case reviews. Child death reviews now fall to the child death review partners; the Somerset Child Death Overview Panel has merged with the Pan-Dorset panel.",
    S.TRAINING: "Somerset keeps local responsibility for its self-funding training function, overseen by the Learning and Improvement function.",
    S.PROTOCOLS: "",
}

TEXT_2024 = {
    S.INTRODUCTION: """These arrangements set out how the safeguarding partners, along with other organisations including education, work together to safeguard children in Somerset, in response to the duties of the Children and Social Work Act 2017 and Working Together 2023. They ensure agencies work together to keep children and young people safe, hold partner agencies to account for safeguarding children, improve frontline practice and ensure that safeguarding is prioritised.

Under Working Together 2023 the statutory safeguarding partners have a shared and equal responsibility to ensure:
- a clear, shared vision for how to improve outcomes for children locally across all levels of need and all types of harm
- appropriate multi-agency responses to children identified as suffering or likely to suffer significant harm
- effective scrutiny, so that organisations and agencies are challenged and held to account
- multi-agency learning rooted in the voice of children and families and the knowledge of experienced practitioners
- information sought, analysed, shared and broken down by protected characteristics
- data that enables early identification of new safeguarding risks and joined-up responses""",
    S.AREA: "The statutory safeguarding partners are one local authority, one integrated care board and one police force, who have equal and joint responsibility for local safeguarding arrangements and for promoting the welfare of all children in Somerset.",
    S.LEADERSHIP: """The lead safeguarding partners meet twice a year in a regional meeting across the Avon and Somerset Constabulary area and once a year locally, where they set the strategic direction, vision and culture of the partnership. They delegate some responsibilities to their agencies' representatives on the Executive.

The Executive's key responsibilities include effective information sharing, high quality learning reviews and multi-agency safeguarding training. An education representative, endorsed through consultation with the sector, sits on the Executive so that education has a voice at the highest level of decision making.

At an Executive level, the three safeguarding partners:
- provide leadership for safeguarding children within their agency or sector
- oversee and challenge an agreed data set on the safeguarding performance of Somerset
- ensure that agency resources, financial and in kind, are used to meet the partnership's objectives
- own the strategic plan, budget, twelve-monthly report and risk register

The chairing of the partnership rotates annually between the partners on the Executive. Appropriate tasks are delegated to a regional safeguarding partnership across the Avon and Somerset Constabulary area; the three partners keep responsibility and accountability for safeguarding children in Somerset.""",
    S.RELEVANT_AGENCIES: """Relevant agencies are expected to contribute to learning reviews and spread their learning, attend partnership training and events, take part in subgroups and complete the Section 11 audit. The list is not exhaustive: the partners may co-opt other agencies as particular work needs them.

The partnership engages relevant agencies through training events and conferences, surveys, focus groups, subgroups, forum events and the Learning Bulletin.

Schools and education settings, including early years settings, independent schools, academies, alternative provision and free schools, are relevant agencies. Education representatives sit on each partnership group, and the partnership presents at the termly designated safeguarding lead meetings.

The Health Safeguarding subgroup leads safeguarding children across Somerset's health community. There are no prisons or youth custody establishments in Somerset; the partnership links closely with the Youth Justice Partnership Board. All children's residential homes in Somerset are relevant agencies and take part through the Section 11 audit.""",
    S.PARTICIPATION: """The partnership links with participation groups so that the voices of children, young people and families are heard in decision making and strategic planning:
- In Care and Leaving Care Councils
- Somerset Youth Forum
- UK Youth Parliament
- The Unstoppables
- Child and Adolescent Mental Health Service Participation Group
- Avon and Somerset Constabulary Young People's Independent Advisory Group
- Healthwatch projects""",
    S.GOVERNANCE: """The independent scrutineer is appointed by the three safeguarding partners to scrutinise and challenge local partners, considering how effectively the arrangements work for children and how well the partnership leads, and attends the Executive.

The lived experience of children and young people, and the views of frontline practitioners, are at the centre of scrutiny. The arrangements are also scrutinised through each partner's own organisational scrutiny and by external inspection (Ofsted, CQC and HMICFRS).

Section 11 and Section 175 audits, performance data, audit findings and annual reports show how effective services are. The Quality and Performance function analyses this assurance to tell the Executive about risks and trends, inform priorities and oversee action.""",
    S.RESOURCING: """Partners ensure funding covers the core safeguarding arrangements. Contributions are agreed annually and the budget is overseen by the Partnership Business Manager.

Avon and Somerset Constabulary has agreed to increase its contribution for 2025-2026, and the lead safeguarding partners will oversee work towards an equitable funding formula across the area.

The business unit, hosted by Somerset Council, supports the partnership to fulfil its statutory duties: training, learning reviews, data analysis and measuring the impact of partnership work.""",
    S.REVIEWS: """The partnership commissions reviews where issues of importance are raised: rapid reviews where the criteria of Working Together 2023 (chapter 5) are met, and non-statutory reviews where there is important learning for two or more agencies.

Any organisation tells the business unit of an incident that should be considered for a child safeguarding practice review through the case for consideration form. The partners consider whether the case:
- highlights improvements needed to safeguard and promote the welfare of children
- highlights recurrent themes
- highlights concerns about two or more organisations working together effectively
- is one the national Panel has concluded a local review may suit

Where partners differ on whether the criteria are met, the independent scrutineer's view is sought, with recourse to the national Panel if needed. Reviews are completed and published within six months unless there are extenuating circumstances such as criminal proceedings. Learning is spread through the Learning Bulletin, training, website articles and events.""",
    S.TRAINING: "Partnership training is overseen and commissioned by the Learning and Improvement subgroup. Courses are offered online and face to face, delivered by experts from across partnership agencies and two partnership trainers. Impact is measured through feedback forms, surveys, learning gain scores and attendance, reported to the Learning and Improvement subgroup.",
    S.PROTOCOLS: """- Resolving professional differences protocol
- Quality assurance framework, including how data is shared and used
- Information sharing agreement
- Effective support document: when to request the involvement of agencies, overseen by the Quality and Performance subgroup
- Whistleblowing procedures: on each partner agency's own website""",
}


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment)


def _write(arrangements: Arrangements, texts: dict[SectionKey, str]) -> None:
    for section in arrangements.sections.all():
        section_change(actor=None, section=section, body=texts.get(SectionKey(section.key), ""))


def load_arrangements(partnership: Partnership, changes: Counter[str]) -> None:
    if not Arrangements.objects.filter(partnership=partnership).exists():
        approver = Person.objects.get(email=APPROVER_EMAIL)
        arrangements = arrangements_start(actor=None, partnership=partnership, resourcing_year=2019)
        details_change(
            actor=None, arrangements=arrangements, title=TITLE_2019, resourcing_year=2019
        )
        _write(arrangements, TEXT_2019)
        arrangements_approve(actor=approver, arrangements=arrangements, when=_aware(APPROVED_2019))
        details_change(
            actor=None, arrangements=arrangements, title=TITLE_2024, resourcing_year=2024
        )
        _write(arrangements, TEXT_2024)
        arrangements_approve(actor=approver, arrangements=arrangements, when=_aware(APPROVED_2024))
        changes["arrangements versions"] += 2
    for milestone in Milestone.objects.filter(partnership=partnership):
        if milestone.done_on is None and milestone.title in MILESTONES_DONE:
            milestone_record(
                actor=None, milestone=milestone, done_on=MILESTONES_DONE[milestone.title]
            )
            changes["arrangements milestones recorded"] += 1
        if not milestone.note and milestone.title in MILESTONE_NOTES:
            milestone.note = MILESTONE_NOTES[milestone.title]
            milestone.save(update_fields=["note"])
            changes["arrangements milestones filled in"] += 1
