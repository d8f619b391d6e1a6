"""Small frameworks, cycles and returns for the audits tests, built through the services."""

from __future__ import annotations

import datetime
from typing import Any

from masa.audits import services
from masa.audits.models import AuditInvitation, Cycle, Framework, Lineage, Scale


def small_framework(actor: Any, partnership: Any, *, scale: str = Scale.OFSTED) -> Framework:
    """Two standards: 1.1 graded; 2.1 graded plus a yes/no question. Published."""
    framework = services.framework_create(
        actor=actor,
        partnership=partnership,
        title="Section 11 self-assessment",
        lineage=Lineage.SECTION_11,
        scale=scale,
    )
    version = framework.versions.get()
    for title in ("Leadership", "Training"):
        standard = services.standard_save(actor=actor, version=version, title=title)
        sub = services.substandard_save(
            actor=actor, standard=standard, statement=f"{title} is in place"
        )
        services.question_save(actor=actor, substandard=sub, text=f"How well is {title} done?")
    services.question_save(
        actor=actor,
        substandard=standard.substandards.get(),
        text="Do staff know about private fostering?",
        kind="yes_no",
    )
    services.version_publish(actor=actor, version=version)
    return framework


def start_cycle(
    actor: Any, framework: Framework, organisations: list[Any], *, title: str = "Section 11 2016/17"
) -> Cycle:
    return services.cycle_create(
        actor=actor,
        partnership=framework.partnership,
        version=framework.versions.order_by("-number").first(),
        title=title,
        opens_on=datetime.date(2016, 5, 9),
        deadline=datetime.date(2099, 9, 30),
        organisations=organisations,
    )


def invitation(cycle: Cycle, organisation: Any) -> AuditInvitation:
    return cycle.invitations.get(organisation=organisation)


def complete_answers(actor: Any, audit_return: Any, grade: str = "good") -> None:
    """Answer every question of the return, Good (or the grade given) and yes."""
    questions = audit_return.version.standards.values_list(
        "substandards__questions__pk", "substandards__questions__kind"
    )
    answers = {}
    for pk, kind in questions:
        answers[pk] = {"grade": grade} if kind == "graded" else {"yes_no": True}
        if grade not in ("good", "outstanding", "green") and kind == "graded":
            answers[pk] |= {
                "action_what": "Train the team",
                "action_owner": "Head of safeguarding",
                "action_due_on": datetime.date(2017, 3, 31),
            }
    services.answers_save(actor=actor, audit_return=audit_return, answers=answers)
