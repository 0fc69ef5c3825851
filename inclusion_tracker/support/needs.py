"""The needs a support service can be for: one fixed list, used by the
directory's filter, the managers' form and (later) suggestions from a child's
record.

Each need names the child's flags (`children/flags.py`) that point to it, so
that suggesting services from a child's record reads this table rather than
strings scattered in templates. Changing a code here needs a data migration
for the services that use it; changing a label does not.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Need:
    code: str
    label: str
    child_flags: tuple[str, ...] = ()  # fields of children.Child (children/flags.py)


NEEDS: tuple[Need, ...] = (
    Need(
        "send",
        "Special educational needs and disabilities (SEND)",
        ("has_ehcp", "sen_support"),
    ),
    Need("adhd", "Attention deficit hyperactivity disorder (ADHD)"),
    Need("autism", "Autism"),
    Need("sensory", "Sensory impairment (hearing or vision)"),
    Need("learning", "Learning"),
    Need("health", "Health"),
    Need("mental_health", "Mental health and wellbeing"),
    Need("behaviour", "Behaviour"),
    Need("looked_after", "Looked-after children", ("looked_after",)),
    Need("gypsy_roma_traveller", "Gypsy, Roma and Traveller", ("gypsy_roma_traveller",)),
    Need("early_help", "Early help for families"),
    Need("early_years", "Early years"),
    Need("attendance", "Attendance"),
)

NEED_CHOICES: tuple[tuple[str, str], ...] = tuple((need.code, need.label) for need in NEEDS)
NEEDS_BY_CODE: dict[str, Need] = {need.code: need for need in NEEDS}


def label_for(code: str) -> str:
    need = NEEDS_BY_CODE.get(code)
    return need.label if need else code
