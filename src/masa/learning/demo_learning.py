"""The demo's cases for consideration, from what the seeds publish and nothing more.

- Seed 003 §8 (Serious Case Reviews): Child L and Child J (SCR published December 2016, the
  period reviewed ending February 2015); Child Sam (SCR commenced in 2016 after notification);
  Fenestra (the Learning and Improvement Subgroup was notified in 2015).
- Seed 003 §9 (other learning reviews in 2016/17): Child K and Child Q (learning event, May
  2016); the sexual exploitation appreciative enquiry (April 2016; the seed gives no
  pseudonym, so none is set); MAPPA Child P (2016); Child S (CCG-led review).
- Seed 000 §5.11: Family A (SCR published autumn 2018) and Family B (SCR to be published in
  early 2020).

What happened is told in the seeds' own words. The seeds give no dates of awareness,
notification or decision: those below are invented, inside what each seed says, and keep to
the 5 and 15 working day clocks. Before June 2018 the notification went to Ofsted and the
decision was the Board's SCR decision rather than a rapid review to the national Panel; the
demo records them in the same fields. The criteria ticked are a reading of each seed's
findings against seed 002's list; no Panel responses are recorded (the seeds report none).
The recommendation follows what the seeds say happened: an SCR (now a CSPR) or another
learning review. Everything goes through the services, so it is audited; a second run finds
each case by what happened and changes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from masa.accounts.models import Organisation, Person
from masa.learning.models import AgeBand, Case, Criterion, Recommendation
from masa.learning.services import case_change, case_raise
from masa.learning.theme_list import THEMES
from masa.partnership.models import Partnership

BUSINESS_MANAGER_EMAIL = "tomasz.nowak@demo.masa.invalid"
COUNCIL = "Somerset Council"
ICB = "NHS Somerset Integrated Care Board"
POLICE = "Avon and Somerset Constabulary"
TRUST = "Somerset NHS Foundation Trust"

D = datetime.date


@dataclass(frozen=True)
class CaseSeed:
    pseudonym: str
    raised_by: str
    age_band: str
    what_happened: str
    source: str
    agencies: tuple[str, ...]
    became_aware_on: datetime.date
    notified_on: datetime.date
    meeting_on: datetime.date
    sent_on: datetime.date
    criteria: tuple[str, ...]
    recommendation: str


CASES = (
    CaseSeed(
        "Child L and Child J",
        ICB,
        AgeBand.UNDER_1,
        "Child J was taken to the child's doctor for a routine six week check. The GP "
        "discovered bruising, and further investigations revealed other injuries, consistent "
        "with non-accidental injuries sustained on at least two separate occasions.",
        "Seed 003 §8.2",
        (ICB, COUNCIL, POLICE, TRUST),
        D(2015, 2, 16),
        D(2015, 2, 19),
        D(2015, 3, 5),
        D(2015, 3, 9),
        (Criterion.IMPROVEMENTS, Criterion.WORKING_TOGETHER),
        Recommendation.CSPR,
    ),
    CaseSeed(
        "Child Sam",
        TRUST,
        AgeBand.NOT_KNOWN,
        "Child Sam had repeated contact with a range of health professionals before being "
        "taken to a Somerset Minor Injury Unit by members of his family. Sam had suffered "
        "extensive non-accidental head injuries.",
        "Seed 003 §8.3",
        (TRUST, ICB, COUNCIL, POLICE),
        D(2016, 1, 11),
        D(2016, 1, 14),
        D(2016, 1, 28),
        D(2016, 2, 2),
        (Criterion.IMPROVEMENTS, Criterion.WORKING_TOGETHER),
        Recommendation.CSPR,
    ),
    CaseSeed(
        "Fenestra",
        POLICE,
        AgeBand.ELEVEN_TO_15,
        "Nine children involved in sexual exploitation by a group of individuals identified "
        "through a police investigation into a case of child sexual exploitation.",
        "Seed 003 §8.3",
        (POLICE, COUNCIL, ICB, TRUST),
        D(2015, 6, 8),
        D(2015, 6, 11),
        D(2015, 6, 25),
        D(2015, 6, 30),
        (Criterion.IMPROVEMENTS, Criterion.WORKING_TOGETHER),
        Recommendation.CSPR,
    ),
    CaseSeed(
        "Child K and Child Q",
        TRUST,
        AgeBand.UNDER_1,
        "Two young babies from different families, a few weeks old, admitted to hospital "
        "following significant starvation.",
        "Seed 003 §9",
        (TRUST, ICB, COUNCIL),
        D(2016, 2, 1),
        D(2016, 2, 4),
        D(2016, 2, 18),
        D(2016, 2, 23),
        (Criterion.IMPROVEMENTS, Criterion.RECURRENT_THEMES),
        Recommendation.OTHER_REVIEW,
    ),
    CaseSeed(
        "",
        COUNCIL,
        AgeBand.CARE_LEAVER,
        "A vulnerable young woman placed in foster care who, on leaving care, refused to "
        "receive support from both Bristol and Somerset local authorities and was at "
        "continuing risk of sexual exploitation.",
        "Seed 003 §9 (sexual exploitation appreciative enquiry)",
        (COUNCIL, POLICE),
        D(2016, 1, 18),
        D(2016, 1, 21),
        D(2016, 2, 4),
        D(2016, 2, 9),
        (Criterion.RECURRENT_THEMES,),
        Recommendation.OTHER_REVIEW,
    ),
    CaseSeed(
        "Child P",
        POLICE,
        AgeBand.NOT_KNOWN,
        "A child sexually abused by her father, who had been subject to a Sexual Offences "
        "Prevention Order.",
        "Seed 003 §9 (MAPPA SCR)",
        (POLICE, COUNCIL),
        D(2016, 3, 7),
        D(2016, 3, 10),
        D(2016, 3, 23),
        D(2016, 3, 30),
        (Criterion.IMPROVEMENTS,),
        Recommendation.OTHER_REVIEW,
    ),
    CaseSeed(
        "Child S",
        ICB,
        AgeBand.UNDER_1,
        "A baby who at 10 weeks old presented at hospital following an out of hospital "
        "arrest, with a bilateral subdural haemorrhage and large skull fracture.",
        "Seed 003 §9",
        (ICB, TRUST, COUNCIL),
        D(2016, 6, 6),
        D(2016, 6, 9),
        D(2016, 6, 23),
        D(2016, 6, 29),
        (Criterion.IMPROVEMENTS,),
        Recommendation.OTHER_REVIEW,
    ),
    CaseSeed(
        "Family A",
        COUNCIL,
        AgeBand.NOT_KNOWN,
        "A serious case review undertaken in 2018 to 2019 and published in autumn 2018.",
        "Seed 000 §5.11",
        (COUNCIL, ICB, POLICE),
        D(2017, 9, 4),
        D(2017, 9, 7),
        D(2017, 9, 21),
        D(2017, 9, 27),
        (Criterion.IMPROVEMENTS, Criterion.RECURRENT_THEMES),
        Recommendation.CSPR,
    ),
    CaseSeed(
        "Family B",
        COUNCIL,
        AgeBand.NOT_KNOWN,
        "A serious case review undertaken in 2018 to 2019, to be published in early 2020.",
        "Seed 000 §5.11",
        (COUNCIL, ICB, POLICE),
        D(2018, 5, 8),
        D(2018, 5, 11),
        D(2018, 5, 24),
        D(2018, 5, 31),
        (Criterion.IMPROVEMENTS, Criterion.RECURRENT_THEMES),
        Recommendation.CSPR,
    ),
)


def load_cases(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    manager = Person.objects.get(email=BUSINESS_MANAGER_EMAIL)
    for seed in CASES:
        if Case.objects.filter(partnership=partnership, what_happened=seed.what_happened).exists():
            continue
        case = case_raise(
            actor=manager,
            organisation=organisations[seed.raised_by],
            what_happened=seed.what_happened,
            age_band=seed.age_band,
            agencies=[organisations[name] for name in seed.agencies],
            why_criteria=f"Published in the seeds: {seed.source}.",
            raised_on=seed.became_aware_on,
        )
        case_change(
            actor=manager,
            case=case,
            changes={
                "pseudonym": seed.pseudonym,
                "became_aware_on": seed.became_aware_on,
                "notified_on": seed.notified_on,
                "rapid_review_meeting_on": seed.meeting_on,
                "decided_on": seed.meeting_on,
                "criteria": list(seed.criteria),
                "recommendation": seed.recommendation,
                "partners_agree": True,
                "rapid_review_sent_on": seed.sent_on,
            },
        )
        changes["cases"] += 1
    load_reviews(partnership, organisations, changes)


# -- Practice reviews and other learning reviews ----------------------------------------------
#
# The reviews of the cases above, with the findings and good practice in the seeds' own words
# (seed 003 §8.2, §8.3, §9; seed 000 §5.11), each tagged with the themes a reader would give
# it. Seed 000 §5.11 gives the learning of Family A and Family B together ("long-term neglect,
# and the protection of unborn and very young children, and the importance of
# information-sharing"); the demo gives neglect to Family A, the unborn and very young to
# Family B, and information sharing to both. The seeds give no recommendations as such, only
# what Child L and Child J's multi-agency action plan resulted in (seed 003 §8.2): the demo
# records the recommendations those results answer. It also has the two thematic reviews of
# seed 000 §5.11, which follow no case.
#
# Dates: a review starts on the day of its case's decision; pauses for criminal proceedings
# end when the seeds say the proceedings ended (Child L and Child J: before publication in
# December 2016; Child Sam: conviction in January 2017; Fenestra: convictions in November
# 2016). Child L and Child J (published December 2016) and Family A (published autumn 2018)
# are published, each with a public summary prepared by the business manager and approved by
# a delegated safeguarding partner. The six-month clock is applied to every review, although
# before June 2018 serious case reviews had no statutory six-month expectation.

DELEGATED_PARTNER_EMAIL = "priya.raman@demo.masa.invalid"


@dataclass(frozen=True)
class FindingSeed:
    text: str
    themes: tuple[str, ...]
    good_practice: bool = False


@dataclass(frozen=True)
class RecommendationSeed:
    text: str
    themes: tuple[str, ...]
    addressed_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewSeed:
    title: str
    kind: str
    case_pseudonym: str | None  # None: a thematic review with no case
    source: str
    started_on: datetime.date | None  # None: the case's decision date
    methodology: str
    findings: tuple[FindingSeed, ...]
    recommendations: tuple[RecommendationSeed, ...] = ()
    pause: tuple[datetime.date, datetime.date] | None = None
    milestones: tuple[tuple[str, datetime.date, datetime.date | None], ...] = ()
    reviewer: str = ""
    reviewer_organisation: str = ""
    status: str = "in_progress"
    published: tuple[datetime.date, datetime.date, str] | None = None  # notice, published, summary


F = FindingSeed


def G(text: str, *themes: str) -> FindingSeed:
    return FindingSeed(text, themes, good_practice=True)


R = RecommendationSeed

REVIEWS = (
    ReviewSeed(
        "Child L and Child J",
        "cspr",
        "Child L and Child J",
        "Seed 003 §8.2",
        None,
        "Serious case review covering November 2013 to February 2015, from the first "
        "presentation in pregnancy of Child L to the injuries of Child J, with the full "
        "co-operation of Somerset agencies.",
        (
            F("Understanding and reviewing family history.", ("Family history",)),
            F("Over reliance on the word of the parents.", ("Disguised compliance",)),
            F("Understanding of normal child development.", ("Child development",)),
            F(
                "Closer liaison between agencies working with the same family.",
                ("Information sharing", "Multi-agency working"),
            ),
            F(
                "The need for effective supervision and managerial oversight.",
                ("Supervision and management oversight",),
            ),
            G(
                "The GP raising concerns about Child J, having noticed bruising.",
                "Child development",
            ),
            G(
                "The housing support worker providing continuing of care to the children's mother.",
                "Multi-agency working",
            ),
            G(
                "The health visiting service maintaining a relationship and responding flexibly "
                "to the needs of the family and including the male partner and father to Child "
                "J.",
                "Family history",
            ),
        ),
        (
            R(
                "Revise the SSCB escalation policy and strengthen guidance around strategies.",
                ("Escalation",),
            ),
            R(
                "Develop practice standards for social work assessment, with a specific focus "
                "on disguised compliance.",
                ("Disguised compliance",),
                (COUNCIL,),
            ),
            R(
                "Provide targeted child development training, including for police, housing "
                "support and frontline staff, and GPs.",
                ("Child development", "Training"),
                (POLICE, ICB),
            ),
            R(
                "Include domestic abuse in the CCG standards for safeguarding, with a policy "
                "for General Practices for recording, flagging and sharing information about "
                "patients known to be at risk of domestic abuse.",
                ("Domestic abuse", "Information sharing"),
                (ICB,),
            ),
        ),
        pause=(D(2015, 6, 1), D(2016, 10, 28)),
        milestones=(
            ("Terms of reference agreed", D(2015, 4, 2), D(2015, 3, 26)),
            ("Agency reports received", D(2015, 5, 14), D(2015, 5, 20)),
            (
                "Draft report to the Learning and Improvement Subgroup",
                D(2016, 11, 10),
                D(2016, 11, 8),
            ),
        ),
        reviewer="Independent lead reviewer",
        status="published",
        published=(
            D(2016, 11, 25),
            D(2016, 12, 13),
            "Child J was six weeks old when injuries were discovered at a routine six week "
            "check. Child L, an older half sibling, had been subject to a child protection "
            "enquiry ten months earlier. The review identifies lessons about understanding "
            "family history, over reliance on the word of the parents, normal child "
            "development, closer liaison between agencies and effective supervision, and notes "
            "examples of good professional practice.",
        ),
    ),
    ReviewSeed(
        "Child Sam",
        "cspr",
        "Child Sam",
        "Seed 003 §8.3",
        None,
        "Serious case review commenced by the Learning and Improvement Subgroup in 2016.",
        (
            F(
                "Improved practice and guidance around multi-agency pre-birth work to safeguard "
                "unborn babies.",
                ("Pre-birth and unborn babies",),
            ),
            F(
                "The need for agencies to identify and respond to the risk and vulnerabilities "
                "within families where domestic abuse is a concern in order to further safeguard "
                "children.",
                ("Domestic abuse",),
            ),
            F(
                "Staff training (health) around measuring, recording and plotting growth "
                "measurements, in particular head circumference and weight, in order to "
                "recognise when cases may need to be referred for specialist management.",
                ("Child development", "Training"),
            ),
            F(
                "Safeguarding training for health care professionals to highlight the presenting "
                "signs and symptoms of brain injuries in young babies.",
                ("Child development", "Training"),
            ),
            F(
                "Agencies to demonstrate that any unavoidable change of practitioner working "
                "with an individual or family is supported by a full and formal recorded "
                "handover; consistent understanding and application of thresholds for "
                "intervention at tier two.",
                ("Thresholds and handover",),
            ),
            F(
                "Identification of risk within the wider family context, including assessment "
                "of the impact of risks on children.",
                ("Family history", "Assessment of risk"),
            ),
            F(
                "Information to be shared within and across agencies to facilitate "
                "safeguarding of the children.",
                ("Information sharing",),
            ),
        ),
        pause=(D(2016, 3, 14), D(2017, 1, 27)),
        milestones=(
            ("Final report to the Learning and Improvement Subgroup", D(2017, 6, 30), None),
        ),
    ),
    ReviewSeed(
        "Fenestra",
        "cspr",
        "Fenestra",
        "Seed 003 §8.3",
        None,
        "Serious case review. Agencies provided information about their involvement with each "
        "child and an agency report; children and young people were directly involved.",
        (
            F(
                "The confusing stance in national policy to adolescent sexual activity leaves "
                "professionals struggling to distinguish between 'inappropriate relationships' "
                "and permitted consensual sexual activity.",
                ("Exploitation",),
            ),
            F(
                "The impact of short term interventions on perceived parenting deficits, without "
                "taking sufficient time to listen and hear the parents' concerns.",
                ("Early help",),
            ),
            F(
                "The requirement for a multi-agency investigative model in CSE investigations.",
                ("Exploitation", "Multi-agency working"),
            ),
            F(
                "The critical importance of linking information within and between agencies.",
                ("Information sharing",),
            ),
            F(
                "Children who have experienced or are at risk of experiencing CSE need "
                "accessible, timely and sufficiently experienced support for their emotional and "
                "mental health problems.",
                ("Exploitation", "Emotional and mental health"),
            ),
            F(
                "The need for good multi-agency collaboration in this complex area.",
                ("Multi-agency working",),
            ),
            F(
                "The arrangements nationally in relation to piercing and tattoo salons do not "
                "adequately address safeguarding risks for children.",
                ("Exploitation",),
            ),
            F(
                "There is scope for further development of education provision around "
                "relationships and CSE for both children and parents.",
                ("Exploitation",),
            ),
            F(
                "The practice in this case has indicated some scope for increased sensitivity to "
                "cultural issues.",
                ("Voice of the child",),
            ),
        ),
        pause=(D(2015, 9, 1), D(2016, 11, 30)),
    ),
    ReviewSeed(
        "Child K and Child Q",
        "learning_event",
        "Child K and Child Q",
        "Seed 003 §9",
        None,
        "Learning event in May 2016 after a review of the information submitted by each "
        "agency; 20 participants, most of whom had worked with one or other family.",
        (
            F(
                "Neglect: a reluctance by practitioners to see the lack of weight gain as a "
                "manifestation of neglect.",
                ("Neglect", "Child development"),
            ),
            F(
                "Compliance: both families were resistant to intervention by agencies.",
                ("Disguised compliance", "Hostility and non-engagement"),
            ),
            F(
                "Hostility: workers attempted to be flexible and accommodating in the face of "
                "verbal aggression; the balance between support and challenge was hard to "
                "maintain.",
                ("Hostility and non-engagement",),
            ),
            F(
                "Parents' own issues: both families had complex dynamics with different family "
                "members in receipt of services from different agencies.",
                ("Family history", "Multi-agency working"),
            ),
            F(
                "Professional communication: the infant's own 'Red Book' was not always made "
                "available or updated properly, causing a lack of continuity in the recording of "
                "concerns.",
                ("Information sharing",),
            ),
            F(
                "Pre-birth planning: pre-birth guidance was limited.",
                ("Pre-birth and unborn babies",),
            ),
            F(
                "Use of escalation policy: there were pre-existing concerns and evidence of lack "
                "of cooperation and lack of progress, but escalation procedures were not used.",
                ("Escalation",),
            ),
        ),
        milestones=(("Learning event", D(2016, 5, 18), D(2016, 5, 18)),),
        reviewer="Independent reviewer, with a consultant paediatrician and named doctor",
        status="completed",
    ),
    ReviewSeed(
        "Sexual exploitation appreciative inquiry",
        "appreciative_inquiry",
        "",
        "Seed 003 §9",
        None,
        "Appreciative inquiry: a learning review held in April 2016.",
        (
            F(
                "The findings concurred with the key themes of the Somerset Learning Review into "
                "the Death of Vulnerable Young Adults: a young woman leaving care refused support "
                "from both local authorities and remained at continuing risk of CSE.",
                ("Exploitation", "Vulnerable young adults and care leavers"),
            ),
        ),
        milestones=(("Learning review held", D(2016, 4, 20), D(2016, 4, 20)),),
        status="completed",
    ),
    ReviewSeed(
        "MAPPA SCR – Child P",
        "mappa",
        "Child P",
        "Seed 003 §9",
        None,
        "A learning review held in 2016, led through MAPPA.",
        (
            F(
                "There was a lack of appropriate assessment at the right time and involving the "
                "right people.",
                ("Assessment of risk", "Intrafamilial sexual abuse"),
            ),
            F(
                "An outdated risk assessment was used for Child P, and the SOPO exempted the "
                "child from the conditions as the child was not considered to be at risk.",
                ("Assessment of risk", "Intrafamilial sexual abuse"),
            ),
            F(
                "Mother's protective capacity was not questioned or assessed.",
                ("Assessment of risk", "Family history"),
            ),
            F("Disguised compliance was evident for many years.", ("Disguised compliance",)),
            F(
                "The prison reported concerns over the father's behaviour to Child P on a visit "
                "(prior to disclosure); there is no evidence this was followed up.",
                ("Information sharing", "Escalation"),
            ),
            F(
                "Opportunities to work with the family were not taken up when father was in "
                "prison.",
                ("Multi-agency working",),
            ),
        ),
        status="completed",
    ),
    ReviewSeed(
        "Child S",
        "ccg",
        "Child S",
        "Seed 003 §9",
        None,
        "A review led by the CCG.",
        (
            F(
                "Areas of development for specific agencies: Getset, Bristol Paediatric "
                "Department and Yeovil District Hospital.",
                ("Multi-agency working",),
            ),
        ),
        reviewer_organisation="NHS Somerset CCG (now the ICB)",
        status="completed",
    ),
    ReviewSeed(
        "Family A",
        "cspr",
        "Family A",
        "Seed 000 §5.11",
        None,
        "Serious case review.",
        (
            F(
                "The identification of and intervention where there is long-term neglect.",
                ("Neglect", "Early help"),
            ),
            F("The importance of information-sharing.", ("Information sharing",)),
        ),
        status="published",
        published=(
            D(2018, 9, 27),
            D(2018, 10, 16),
            "The review's learning concerns the identification of and intervention in "
            "long-term neglect, and the importance of information-sharing between agencies.",
        ),
    ),
    ReviewSeed(
        "Family B",
        "cspr",
        "Family B",
        "Seed 000 §5.11",
        None,
        "Serious case review, to be published in early 2020.",
        (
            F(
                "The protection of unborn and very young children.",
                ("Pre-birth and unborn babies",),
            ),
            F("The importance of information-sharing.", ("Information sharing",)),
        ),
    ),
    ReviewSeed(
        "Suicides of young people in Somerset",
        "thematic",
        None,
        "Seed 000 §5.11",
        D(2018, 6, 4),
        "Thematic review.",
        (
            F(
                "No rising trend and no factors which would make Somerset an outlier.",
                ("Emotional and mental health",),
            ),
        ),
        status="completed",
    ),
    ReviewSeed(
        "Management of sex offenders against children",
        "thematic",
        None,
        "Seed 000 §5.11",
        D(2018, 9, 3),
        "Thematic review.",
        (),
        status="completed",
    ),
)


def load_reviews(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    """The demo's reviews, through the services (audited); a second run changes nothing."""
    from masa.learning import reviews as svc
    from masa.learning.models import Review, Theme

    manager = Person.objects.get(email=BUSINESS_MANAGER_EMAIL)
    approver = Person.objects.get(email=DELEGATED_PARTNER_EMAIL)
    themes = {
        name: Theme.objects.get_or_create(name=name, defaults={"description": description})[0]
        for name, description in THEMES
    }
    cases = {c.pseudonym: c for c in Case.objects.filter(partnership=partnership)}
    for seed in REVIEWS:
        if Review.objects.filter(partnership=partnership, title=seed.title).exists():
            continue
        case = cases[seed.case_pseudonym] if seed.case_pseudonym is not None else None
        started_on = seed.started_on or (case.decided_on if case else None)
        if started_on is None:
            raise ValueError(f"{seed.title}: no date to start the review on")
        review = svc.review_start(
            actor=manager,
            partnership=partnership,
            case=case,
            kind=seed.kind,
            title=seed.title,
            started_on=started_on,
            reviewer_name=seed.reviewer,
            reviewer_organisation=seed.reviewer_organisation,
            methodology=seed.methodology,
            terms_of_reference=f"As published in the seeds: {seed.source}.",
        )
        if seed.pause:
            svc.pause_add(
                actor=manager,
                review=review,
                reason="criminal_proceedings",
                started_on=seed.pause[0],
                ended_on=seed.pause[1],
            )
        for what, due_on, done_on in seed.milestones:
            svc.milestone_add(
                actor=manager, review=review, what=what, due_on=due_on, done_on=done_on
            )
        for finding in seed.findings:
            svc.finding_add(
                actor=manager,
                review=review,
                text=finding.text,
                kind="good_practice" if finding.good_practice else "finding",
                themes=[themes[name] for name in finding.themes],
            )
        for recommendation in seed.recommendations:
            svc.recommendation_add(
                actor=manager,
                review=review,
                text=recommendation.text,
                themes=[themes[name] for name in recommendation.themes],
                addressed_to=[organisations[name] for name in recommendation.addressed_to],
                addressed_to_partnership=not recommendation.addressed_to,
            )
        if seed.published:
            notice_on, published_on, summary = seed.published
            svc.review_change(
                actor=manager,
                review=review,
                changes={
                    "publication_planned_on": published_on,
                    "advance_notice_sent_on": notice_on,
                },
            )
            publication = svc.publication_prepare(
                actor=manager, review=review, what="summary", summary=summary, file=None
            )
            svc.publication_approve(
                actor=approver, publication=publication, published_on=published_on
            )
        elif seed.status != "in_progress":
            svc.review_change(actor=manager, review=review, changes={"status": seed.status})
        changes["reviews"] += 1
