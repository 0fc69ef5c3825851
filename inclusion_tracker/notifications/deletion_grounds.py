"""The grounds for deleting a pupil of compulsory school age from the
admission register: School Attendance (Pupil Registration) (England)
Regulations 2024 (SI 2024/208), regulation 9(1)(a) to (o), known as grounds
A to O. Reference: shared/reference/statutory.md §1.2. The plain-English
wording is ours; where statutory.md marks a ground's detail as unconfirmed,
the wording stays general.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DeletionGround:
    letter: str
    regulation: str
    title: str
    explanation: str

    @property
    def label(self) -> str:
        return f"{self.letter}: {self.title} (regulation {self.regulation})"


GROUNDS: tuple[DeletionGround, ...] = (
    DeletionGround(
        "A",
        "9(1)(a)",
        "Registered at another school",
        "The child is on the admission register of another school, and this school is not named on a school attendance order, the child's main school as a mobile child, or part of an agreed dual registration.",
    ),
    DeletionGround(
        "B",
        "9(1)(b)",
        "Did not continue after nursery",
        "The child was admitted for nursery education, finished it, and the school has no reasonable grounds to believe they will attend the next class.",
    ),
    DeletionGround(
        "C",
        "9(1)(c)",
        "Dual registered and not expected to attend again",
        "The child is also registered at another school, is not expected to attend this school again, and every other school has consented.",
    ),
    DeletionGround(
        "D",
        "9(1)(d)",
        "School attendance order amended to another school",
        "The local authority has amended the school attendance order naming this school to name another school.",
    ),
    DeletionGround(
        "E",
        "9(1)(e)",
        "School attendance order revoked",
        "The local authority has revoked the school attendance order because suitable education otherwise than at school has been arranged.",
    ),
    DeletionGround(
        "F",
        "9(1)(f)",
        "Parent's written notice of home education",
        "A parent has told the school in writing that the child is, or will be, educated otherwise than at school.",
    ),
    DeletionGround(
        "G",
        "9(1)(g)",
        "Moved beyond a reasonable distance",
        "The child no longer ordinarily lives within a reasonable distance of the school (not for boarders).",
    ),
    DeletionGround(
        "H",
        "9(1)(h)",
        "Not returned after a leave of absence",
        "The child has not come back after a leave of absence, and the school and local authority have made joint reasonable enquiries without finding out where the child is.",
    ),
    DeletionGround(
        "I",
        "9(1)(i)",
        "Continuously absent for 20 school days, whereabouts unknown",
        "The child has been continuously absent for at least 20 school days, and the school and local authority have made joint reasonable enquiries without finding out where the child is.",
    ),
    DeletionGround(
        "J",
        "9(1)(j)",
        "Detained under a sentence",
        "The child is detained under a sentence of detention and the school does not expect them to return. (The length condition is not yet confirmed: check the regulation.)",
    ),
    DeletionGround("K", "9(1)(k)", "Died", "The child has died."),
    DeletionGround(
        "L",
        "9(1)(l)",
        "Will cease to be of compulsory school age",
        "The child has ceased, or will cease, to be of compulsory school age and will not continue at the school, for example into its sixth form.",
    ),
    DeletionGround(
        "M",
        "9(1)(m)",
        "Boarding fees not paid",
        "The child is a boarder at a maintained school or academy and the boarding fees have not been paid.",
    ),
    DeletionGround(
        "N",
        "9(1)(n)",
        "Left an independent or non-maintained special school",
        "The child has ceased to be a pupil at an independent school or a non-maintained special school.",
    ),
    DeletionGround(
        "O", "9(1)(o)", "Permanently excluded", "The child has been permanently excluded."
    ),
)
BY_LETTER = {ground.letter: ground for ground in GROUNDS}
CHOICES = [(ground.letter, ground.label) for ground in GROUNDS]

# Grounds where the school and LA must have made joint reasonable enquiries.
JOINT_ENQUIRY_GROUNDS = frozenset({"H", "I"})
# Ground I needs at least this many consecutive school days of absence: reg 9(1)(i).
GROUND_I_MINIMUM_SCHOOL_DAYS = 20
