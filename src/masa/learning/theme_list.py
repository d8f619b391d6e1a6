"""The learning themes MASA starts with: issue 5's list and the themes the seeds use (seed 003
§8–9; seed 000 §5.4 and §5.11). Migration 0003 installs them; the demo makes sure they are
there (tests that flush the database remove what migrations added). The business unit keeps the
list up to date from then on."""

THEMES = [
    ("Neglect", "Including failure to thrive and long-term neglect (seed 003 §9; seed 000 §5.11)."),
    (
        "Pre-birth and unborn babies",
        "Pre-birth planning and the protection of unborn and very young children.",
    ),
    ("Information sharing", "Sharing and linking information within and between agencies."),
    ("Escalation", "Use of the escalation policy when concerns persist or progress stalls."),
    (
        "Disguised compliance",
        "Parents' apparent co-operation, resistance or over-reliance on their word.",
    ),
    ("Domestic abuse", "Identifying and responding to domestic abuse in families with children."),
    (
        "Supervision and management oversight",
        "Effective supervision and managerial oversight of practice.",
    ),
    ("Voice of the child", "Seeing, hearing and recording the child's own experience."),
    (
        "Exploitation",
        "Child sexual and criminal exploitation (seed 003 §8.3 Fenestra; seed 000 §5.4).",
    ),
    ("Family history", "Understanding and reviewing family history and the wider family context."),
    (
        "Child development",
        "Understanding normal development, growth and presenting signs of injury.",
    ),
    (
        "Multi-agency working",
        "Liaison and collaboration between agencies working with the same family.",
    ),
    (
        "Assessment of risk",
        "Timely assessment involving the right people; up-to-date risk assessments.",
    ),
    (
        "Thresholds and handover",
        "Consistent thresholds and formal handover when practitioners change.",
    ),
    ("Emotional and mental health", "Children's emotional and mental health (seed 000 §5.4)."),
    ("Intrafamilial sexual abuse", "Sexual abuse within the family (seed 000 §5.4)."),
    ("Early help", "Early help, including in the context of neglect (seed 000 §5.4)."),
    (
        "Hostility and non-engagement",
        "Working with hostile or resistant families: support and challenge.",
    ),
    (
        "Vulnerable young adults and care leavers",
        "Young people leaving care and vulnerable young adults.",
    ),
    ("Training", "Training needs the review identified for practitioners."),
]
