"""The demo's assurance audits (idempotent): the 2016/17 Section 11 and Section 175/157 cycles
as seed 003 §6.4–6.5 and §10 report them, and an open 2017/18 Section 175/157 cycle whose
returns start from the 2016/17 answers.

Seed 003 §6.4: 25 agencies graded themselves 4 Outstanding, 16 Good, 5 Requires improvement
and 0 Inadequate, with one nil return besides; seven reported an Inadequate at sub-standard
level. Seed 003 §10 (priority 3): 21 of 25 (84%) graded standard 8.3 Good or better, and 22 of
25 (88%) standard 11.4. Seed 003 §6.5: the return rates by setting type (the counts are the
demo's, from partnership.demo.EDUCATION_SETTINGS), 86% green on private fostering with 21
schools unaware of it, 37% red on FGM, 82% good (green) on CSE, 92% green or amber on
anti-bullying and 98% on whistleblowing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.utils import timezone

from masa.accounts.models import Organisation, OrganisationKind
from masa.audits import frameworks as shipped
from masa.audits.models import (
    Answer,
    AuditInvitation,
    AuditReturn,
    Cycle,
    Framework,
    Lineage,
    Question,
    QuestionKind,
    ReturnKind,
    ReturnStatus,
)

SECTION_11_CYCLE = "Section 11 2016/17"
SECTION_175_CYCLE = "Section 175/157 2016/17"
SECTION_175_NEXT_CYCLE = "Section 175/157 2017/18"

# Seed 003 §6.4: 4 Outstanding, 16 Good, 5 Requires improvement, 0 Inadequate; one nil return.
S11_OVERALL = ["outstanding"] * 4 + ["good"] * 16 + ["requires_improvement"] * 5
S11_NIL_REASON = "Demo: no services for children in the area during the year."
# Which of the 25 graded returns fall short where (indices into the 25, in the order above).
RI = list(range(20, 25))
S11_BELOW_GOOD_ON = {
    "8.3": RI[:4],  # 21 of 25 Good or better (84%), seed 003 §10
    "11.4": RI[:3],  # 22 of 25 (88%)
}
# Seven with an Inadequate at sub-standard level (seed 003 §6.4): the five graded Requires
# improvement and two graded Good, on the voice of the child (4.2), the common theme.
S11_INADEQUATE_ON_4_2 = [*RI, 4, 5]

# Seed 003 §6.5, over the 485 settings that returned. (key: red, amber) counts.
S175_RETURNS = 485
S175_RED_AMBER = {
    "5.1.1": (10, 0),  # whistleblowing: 475 of 485 (98%) at grade 1 or 2
    "6.1.1": (39, 0),  # anti-bullying: 446 of 485 (92%) good or needs improvement
    "7.1.1": (21, 47),  # private fostering: 417 of 485 (86%) green
    "8.1.1": (0, 87),  # CSE: 398 of 485 (82%) good
    "9.1.1": (179, 56),  # FGM: 179 of 485 (37%) red
}
PRIVATE_FOSTERING_UNAWARE = 21  # "no" to 7.1.2
ACTION = "Demo action plan item"


def _spread(count: int, stride: int, offset: int) -> list[int]:
    """A fixed, mixed choice of `count` of the 485 returns (stride coprime with 485)."""
    return [(offset + i * stride) % S175_RETURNS for i in range(count)]


def _framework(partnership: Any, which: str, changes: Counter[str]) -> Framework:
    title = shipped.SECTION_11_TITLE if which == Lineage.SECTION_11 else shipped.SECTION_175_TITLE
    found = Framework.objects.filter(partnership=partnership, lineage=which, title=title).first()
    if found is not None:
        return found
    changes["audit frameworks"] += 1
    return shipped.install(actor=None, partnership=partnership, which=which)


def _submitted_at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


# Illustrative comments (the seed gives none, only that "the challenge to systematically
# incorporate the voice of the child emerged as a common theme across all S11 audit returns",
# seed 003 §6.4): a few wordings per Section 11 standard, chosen by the return's place in the
# list, so the common themes in comments have something to find.
S11_COMMENTS: dict[int, list[str]] = {
    1: [
        "The named senior lead reports to the board each quarter; the voice of the child is a "
        "standing item.",
        "Safeguarding is in the business plan and the board receives an annual report.",
        "Our director is the named senior lead and chairs the internal safeguarding group.",
    ],
    2: [
        "The safeguarding policy was reviewed this year and is on the intranet for all staff.",
        "A staff survey shows staff know how to raise a concern; the safeguarding policy was "
        "refreshed in March.",
        "Role profiles include safeguarding duties; the safeguarding policy is reviewed yearly.",
    ],
    3: [
        "The named safeguarding lead gives advice; the escalation policy was used twice.",
        "Escalation routes are in the policy and staff know the named safeguarding lead.",
        "We attend partnership subgroups and the named safeguarding lead advises teams.",
    ],
    4: [
        "Feedback forms gather children's views, but the voice of the child is not yet "
        "recorded consistently in casework.",
        "Systematically capturing the voice of the child remains a challenge across our services.",
        "Children's views shape service plans; embedding the voice of the child in records is "
        "our next step.",
    ],
    5: [
        "Safer recruitment training for all recruiting managers; DBS checks renewed every "
        "three years.",
        "The DBS log is audited; safer recruitment practice applies to volunteers too.",
    ],
    6: [
        "Allegations are referred to the LADO within one working day; staff know the "
        "whistleblowing policy.",
        "Whistleblowing policy refreshed; two referrals to the LADO this year.",
    ],
    7: [
        "Staff use the threshold guidance and contribute to early help plans.",
        "We attend child protection conferences and core groups when invited; threshold "
        "guidance is on the intranet.",
    ],
    8: [
        "The training needs analysis covers every role; safeguarding training compliance is 92%.",
        "Induction includes safeguarding training; supervision records are audited.",
        "Safeguarding training is mandatory, and level 3 training covers the voice of the child.",
    ],
    9: [
        "Information sharing guidance issued to staff; record audits every quarter.",
        "Records are kept securely; an information sharing agreement is signed with partners.",
    ],
    10: [
        "Contracts require providers to meet safeguarding standards; contract monitoring "
        "checks them.",
    ],
    11: [
        "Case file audits each quarter check the voice of the child and the quality of records.",
        "Audit findings go to the safeguarding group and lead to training.",
    ],
}
S11_BELOW_GOOD_COMMENT = {
    "requires_improvement": "Requires improvement: an action plan is in place and progress "
    "is reported to the safeguarding group.",
    "inadequate": "Inadequate: a case file audit found the voice of the child missing from "
    "most records sampled.",
}
# Illustrative comments on Section 175/157 answers graded red or amber (seed 003 §6.5 names the
# gaps, not the wording).
S175_COMMENTS: dict[tuple[str, str], str] = {
    ("5.1.1", "red"): "Whistleblowing policy not yet shared with all staff.",
    ("6.1.1", "red"): "Anti-bullying policy overdue for review.",
    ("7.1.1", "red"): "Staff unaware of private fostering; training booked for the spring term.",
    ("7.1.1", "amber"): "Private fostering covered at induction only.",
    ("8.1.1", "amber"): "CSE awareness training planned for all staff.",
    ("9.1.1", "red"): "No staff trained on the FGM mandatory reporting duty yet.",
    ("9.1.1", "amber"): "FGM training for the DSL only; whole staff training planned.",
}


def _s11_comment(standard: int, sub: int, index: int, grade: str) -> str:
    if grade in S11_BELOW_GOOD_COMMENT:
        return S11_BELOW_GOOD_COMMENT[grade]
    if sub != 1 and not (standard == 4 and sub == 2):
        return ""
    variants = S11_COMMENTS.get(standard, [])
    return variants[index % len(variants)] if variants else ""


def _answer(
    audit_return: AuditReturn, question: Question, grade: str, good: str, narrative: str = ""
) -> Answer:
    below = grade != good and grade not in ("outstanding",)
    return Answer(
        audit_return=audit_return,
        question=question,
        grade=grade,
        narrative=narrative,
        action_what=ACTION if below else "",
        action_owner="Safeguarding lead" if below else "",
        action_due_on=datetime.date(2017, 3, 31) if below else None,
    )


def _section_11(
    partnership: Any, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    if Cycle.objects.filter(partnership=partnership, title=SECTION_11_CYCLE).exists():
        return
    framework = _framework(partnership, Lineage.SECTION_11, changes)
    version = framework.versions.get(number=1)
    agencies = [o for o in organisations.values() if o.kind != OrganisationKind.EDUCATION]
    agencies = [o for o in agencies if o.kind != OrganisationKind.OTHER]
    agencies.sort(key=lambda o: (not o.has_section_11_duty, o.pk))
    invited = agencies[:26]
    cycle = Cycle.objects.create(
        partnership=partnership,
        version=version,
        title=SECTION_11_CYCLE,
        opens_on=datetime.date(2016, 5, 9),
        deadline=datetime.date(2016, 9, 30),
    )
    questions = list(
        Question.objects.filter(substandard__standard__version=version).select_related(
            "substandard__standard"
        )
    )
    answers: list[Answer] = []
    for index, organisation in enumerate(invited):
        nil = index == len(invited) - 1
        audit_return = AuditReturn.objects.create(
            organisation=organisation,
            version=version,
            cycle=cycle,
            kind=ReturnKind.NIL if nil else ReturnKind.FULL,
            nil_reason=S11_NIL_REASON if nil else "",
            overall_grade="" if nil else S11_OVERALL[index],
            status=ReturnStatus.SUBMITTED,
            submitted_at=_submitted_at(datetime.date(2016, 9, 1 + index)),
        )
        AuditInvitation.objects.create(
            cycle=cycle, organisation=organisation, audit_return=audit_return
        )
        if nil:
            continue
        overall = S11_OVERALL[index]
        for q in questions:
            code = f"{q.substandard.standard.number}.{q.substandard.number}"
            grade = "outstanding" if overall == "outstanding" else "good"
            if index in S11_BELOW_GOOD_ON.get(code, []):
                grade = "requires_improvement"
            if code == "4.2" and index in S11_INADEQUATE_ON_4_2:
                grade = "inadequate"
            if overall == "requires_improvement" and code in ("1.2", "3.2", "7.1"):
                grade = "requires_improvement"
            comment = _s11_comment(
                q.substandard.standard.number, q.substandard.number, index, grade
            )
            answers.append(_answer(audit_return, q, grade, "good", comment))
    Answer.objects.bulk_create(answers)
    changes["audit cycles"] += 1
    changes["audit returns"] += len(invited)


def _section_175(
    partnership: Any, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    from masa.partnership.demo import EDUCATION_SETTINGS, education_setting_names

    framework = _framework(partnership, Lineage.SECTION_175_157, changes)
    version = framework.versions.get(number=1)
    names = education_setting_names()
    settings = [organisations[s.name] for s in names if s.name in organisations]
    if not Cycle.objects.filter(partnership=partnership, title=SECTION_175_CYCLE).exists():
        cycle = Cycle.objects.create(
            partnership=partnership,
            version=version,
            title=SECTION_175_CYCLE,
            opens_on=datetime.date(2016, 9, 5),
            deadline=datetime.date(2016, 12, 16),
        )
        returned_by_type: dict[str, int] = {
            str(seed.setting_type): seed.returned_2016_17 for seed in EDUCATION_SETTINGS
        }
        seen: Counter[str] = Counter()
        returning = []
        for organisation in settings:
            seen[organisation.setting_type] += 1
            if seen[organisation.setting_type] <= returned_by_type[organisation.setting_type]:
                returning.append(organisation)
        returns = AuditReturn.objects.bulk_create(
            AuditReturn(
                organisation=organisation,
                version=version,
                cycle=cycle,
                overall_grade="green",
                status=ReturnStatus.SUBMITTED,
                submitted_at=_submitted_at(datetime.date(2016, 12, 1)),
            )
            for organisation in returning
        )
        by_organisation = {r.organisation_id: r for r in returns}
        AuditInvitation.objects.bulk_create(
            AuditInvitation(
                cycle=cycle,
                organisation=organisation,
                audit_return=by_organisation.get(organisation.pk),
            )
            for organisation in settings
        )
        questions = list(Question.objects.filter(substandard__standard__version=version))
        grades: dict[str, dict[int, str]] = {}
        for offset, (key, (red, amber)) in enumerate(sorted(S175_RED_AMBER.items())):
            chosen = _spread(red + amber, 157, offset * 7)
            grades[key] = {i: "red" for i in chosen[:red]} | {i: "amber" for i in chosen[red:]}
        unaware = set(
            i for i, grade in grades["7.1.1"].items() if grade == "red"
        )  # the same 21 schools graded red on private fostering answered "no"
        answers = []
        for index, audit_return in enumerate(returns):
            for q in questions:
                if q.kind == QuestionKind.YES_NO:
                    answers.append(
                        Answer(
                            audit_return=audit_return,
                            question=q,
                            yes_no=index not in unaware,
                        )
                    )
                    continue
                grade = grades.get(q.key, {}).get(index, "green")
                comment = S175_COMMENTS.get((q.key, grade), "")
                answers.append(_answer(audit_return, q, grade, "green", comment))
        Answer.objects.bulk_create(answers, batch_size=2000)
        changes["audit cycles"] += 1
        changes["audit returns"] += len(returns)
    if not Cycle.objects.filter(partnership=partnership, title=SECTION_175_NEXT_CYCLE).exists():
        cycle = Cycle.objects.create(
            partnership=partnership,
            version=version,
            title=SECTION_175_NEXT_CYCLE,
            opens_on=datetime.date(2017, 9, 4),
            deadline=datetime.date(2017, 12, 15),
        )
        AuditInvitation.objects.bulk_create(
            AuditInvitation(cycle=cycle, organisation=organisation) for organisation in settings
        )
        changes["audit cycles"] += 1


# The first Section 11 peer challenge workshop (seed 003 §6.4 Next steps: "a programme of
# section 11 peer challenge workshops will commence in the new financial year to include a
# representative sample of respondents selected for further analysis and validation"; §11: lay
# members "participated as chairs and challengers in the initial S11 Peer Review process").
# The date, facilitator, pairings, evidence and actions are illustrative: the seed gives none.
WORKSHOP_DATE = datetime.date(2017, 6, 14)
WORKSHOP_FACILITATOR = "SSCB business manager"
WORKSHOP_NOTES = (
    "Illustrative demo record. First Section 11 peer challenge workshop: the validation sample "
    "(every Outstanding return and every return with an Inadequate at sub-standard level) "
    "presented their evidence. Common theme: the voice of the child."
)


def _peer_challenges(partnership: Any, changes: Counter[str]) -> None:
    from masa.audits import challenges
    from masa.audits.models import (
        BEST,
        ChallengeActionStatus,
        ChallengeOutcome,
        ChallengerKind,
        PeerChallengeWorkshop,
    )
    from masa.audits.selectors import validation_sample

    cycle = Cycle.objects.filter(partnership=partnership, title=SECTION_11_CYCLE).first()
    if cycle is None or PeerChallengeWorkshop.objects.filter(cycle=cycle).exists():
        return
    sample = list(validation_sample(cycle))
    outstanding = [r for r in sample if r.overall_grade == BEST[cycle.scale]]
    inadequate = [r for r in sample if r.overall_grade != BEST[cycle.scale]]
    sampled = {r.pk for r in sample}
    good = [r for r in challenges.challengeable_returns(cycle) if r.pk not in sampled]
    workshop = challenges.workshop_save(
        actor=None,
        cycle=cycle,
        held_on=WORKSHOP_DATE,
        facilitator=WORKSHOP_FACILITATOR,
        notes=WORKSHOP_NOTES,
    )
    pairings = [
        # (return, challenger kind, challenger organisation, evidence seen, outcome, grade)
        (
            outstanding[0],
            ChallengerKind.ORGANISATION,
            good[0].organisation,
            "Latest inspection report and board minutes showing safeguarding reports.",
            ChallengeOutcome.CONFIRMED,
            "",
        ),
        (
            outstanding[1],
            ChallengerKind.SCRUTINEER,
            None,
            "Inspection report; little evidence on the voice of the child (standard 4).",
            ChallengeOutcome.CHANGED,
            "good",
        ),
        (
            inadequate[0],
            ChallengerKind.BUSINESS_UNIT,
            None,
            "Action plan for standard 4.2, without a progress report.",
            ChallengeOutcome.FURTHER_EVIDENCE,
            "",
        ),
        (
            inadequate[1],
            ChallengerKind.ORGANISATION,
            good[1].organisation,
            "Case file audit summary and the training plan.",
            ChallengeOutcome.CONFIRMED,
            "",
        ),
        (
            inadequate[2],
            ChallengerKind.ORGANISATION,
            outstanding[2].organisation,
            "Feedback forms and the service plan.",
            ChallengeOutcome.CONFIRMED,
            "",
        ),
    ]
    made = []
    for audit_return, kind, challenger, evidence, outcome, grade in pairings:
        made.append(
            challenges.challenge_save(
                actor=None,
                workshop=workshop,
                audit_return=audit_return,
                challenger_kind=kind,
                challenger_organisation=challenger,
                evidence_seen=evidence,
                outcome=outcome,
                moderated_grade=grade,
            )
        )
    actions = [
        # (pairing, action, owner, due, status, closing evidence, closed on)
        (
            made[1],
            "Send the case file audit of the voice of the child",
            "Head of safeguarding",
            datetime.date(2017, 9, 29),
            ChallengeActionStatus.IN_PROGRESS,
            "",
            None,
        ),
        (
            made[2],
            "Provide the progress report on the standard 4.2 action plan",
            "Safeguarding lead",
            datetime.date(2017, 7, 31),
            ChallengeActionStatus.CLOSED,
            "Progress report received and reviewed by the business unit.",
            datetime.date(2017, 7, 25),
        ),
        (
            made[3],
            "Add the voice of the child to the case file audit tool",
            "Quality assurance lead",
            datetime.date(2017, 10, 31),
            ChallengeActionStatus.OPEN,
            "",
            None,
        ),
    ]
    for challenge, what, owner, due, status, evidence, closed_on in actions:
        challenges.action_save(
            actor=None,
            challenge=challenge,
            what=what,
            organisation=challenge.audit_return.organisation,
            owner=owner,
            due_on=due,
            status=status,
            closing_evidence=evidence,
            closed_on=closed_on,
        )
    changes["peer challenge workshops"] += 1
    changes["peer challenges"] += len(made)


def load_audits(
    partnership: Any, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    _section_11(partnership, organisations, changes)
    _section_175(partnership, organisations, changes)
    _peer_challenges(partnership, changes)
