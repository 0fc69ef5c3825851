"""The grounds for deleting a pupil from the admission register: School
Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208),
regulation 9. Reference: shared/reference/statutory.md §1.2.

- Regulation 9(1)(a) to (o), known as grounds A to O, are for a pupil of
  compulsory school age (`GROUNDS`).
- Regulation 9(3) is for a pupil who is not of compulsory school age (a
  nursery or reception child under five, or a pupil past the school leaving
  date): `NOT_OF_COMPULSORY_SCHOOL_AGE_GROUNDS`. Their codes start with "3".

The plain-English wording is ours. Ground J's "sentence of detention" is the
regulation 3(1) definition (a detention and training order or another youth
custodial sentence under the Sentencing Act 2020), with no length condition
in the 2024 Regulations (the 2006 Regulations' four months is gone). The
periods and conditions that the questions check are below the lists, each
with its paragraph.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DeletionGround:
    letter: str  # the code stored on a deletion return: A to O, or 3a to 3d
    regulation: str
    title: str
    explanation: str

    @property
    def label(self) -> str:
        if self.for_compulsory_school_age:
            return f"{self.letter}: {self.title} (regulation {self.regulation})"
        return f"{self.title} (regulation {self.regulation})"

    @property
    def for_compulsory_school_age(self) -> bool:
        return self.regulation.startswith("9(1)")


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
        "The child did not come back within 10 school days after a leave of absence ended, the school has no reasonable grounds to believe they cannot attend because of sickness or an unavoidable cause, and the school and local authority have made joint reasonable enquiries without finding out where the child is.",
    ),
    DeletionGround(
        "I",
        "9(1)(i)",
        "Continuously absent for 20 school days, whereabouts unknown",
        "The child has been continuously absent for at least 20 school days with every session recorded as unauthorised absence (codes G, N or O), the school has no reasonable grounds to believe they cannot attend because of sickness or an unavoidable cause, and the school and local authority have made joint reasonable enquiries without finding out where the child is.",
    ),
    DeletionGround(
        "J",
        "9(1)(j)",
        "Detained under a sentence",
        "The child is detained under a sentence of detention (a detention and training order, or another custodial sentence for a young person under the Sentencing Act 2020), and the school has no reasonable grounds to believe they will return to the school at the end of it. Not for a child held on remand.",
    ),
    DeletionGround("K", "9(1)(k)", "Died", "The child has died."),
    DeletionGround(
        "L",
        "9(1)(l)",
        "Will cease to be of compulsory school age",
        "The child will stop being of compulsory school age (the last Friday in June of the school year in which they turn 16) before the school next meets, and will not continue at the school, for example into its sixth form.",
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
        "O",
        "9(1)(o)",
        "Permanently excluded",
        "The child has been permanently excluded, and the time to ask for a review of the exclusion has passed without one being asked for, or a review has concluded.",
    ),
)

NOT_OF_COMPULSORY_SCHOOL_AGE_GROUNDS: tuple[DeletionGround, ...] = (
    DeletionGround(
        "3a",
        "9(3)",
        "Stopped attending the school",
        "The child has stopped attending: for example a nursery or reception child under five whose family has taken a place elsewhere, or a pupil past the school leaving date who has left.",
    ),
    DeletionGround(
        "3b",
        "9(3)",
        "Boarding fees not paid",
        "The child is a boarder at a maintained school or academy and the boarding fees have not been paid.",
    ),
    DeletionGround(
        "3c", "9(3)", "Permanently excluded", "The child has been permanently excluded."
    ),
    DeletionGround("3d", "9(3)", "Died", "The child has died."),
)

ALL_GROUNDS = GROUNDS + NOT_OF_COMPULSORY_SCHOOL_AGE_GROUNDS
BY_LETTER = {ground.letter: ground for ground in ALL_GROUNDS}
CHOICES = [(ground.letter, ground.label) for ground in ALL_GROUNDS]
COMPULSORY_SCHOOL_AGE_CHOICES = [(ground.letter, ground.label) for ground in GROUNDS]
NOT_OF_COMPULSORY_SCHOOL_AGE_CHOICES = [
    (ground.letter, ground.label) for ground in NOT_OF_COMPULSORY_SCHOOL_AGE_GROUNDS
]

# The grounds the deletion return asks its own questions for
# (notifications/journeys/removal/): the new school for ground A, reg 9(1)(a);
# the date of the parent's written notice for ground F, reg 9(1)(f); the new
# address for ground G, reg 9(1)(g); the leave of absence for ground H, reg
# 9(1)(h); the continuous absence for ground I, reg 9(1)(i).
NEW_SCHOOL_GROUND = "A"
HOME_EDUCATION_GROUND = "F"
MOVED_AWAY_GROUND = "G"
LEAVE_OF_ABSENCE_GROUND = "H"
CONTINUOUS_ABSENCE_GROUND = "I"
# Grounds H and I: the school and LA must have made joint reasonable enquiries
# and failed to find the child, and the school must have no reasonable grounds
# to believe the child cannot attend because of sickness or an unavoidable
# cause: reg 9(1)(h) and (i); statutory.md §3.3.
JOINT_ENQUIRY_GROUNDS = frozenset({LEAVE_OF_ABSENCE_GROUND, CONTINUOUS_ABSENCE_GROUND})
# Ground I: continuously absent for at least this many school days (at the
# child's school, by its own term dates), every session recorded with code G,
# N or O (attendance_codes.GROUND_I_CODES): reg 9(1)(i).
GROUND_I_MINIMUM_SCHOOL_DAYS = 20
# Ground H: the child failed to attend within this many school days
# immediately after the leave of absence ended: reg 9(1)(h).
GROUND_H_SCHOOL_DAYS_AFTER_LEAVE = 10
# Grounds that end with the child's death: nothing to ask about a destination.
DIED_GROUNDS = frozenset({"K", "3d"})
# Permanent exclusion: the name stays on the register until the time to ask
# for a review has passed, or a review asked for has concluded: reg 9(1)(o).
PERMANENT_EXCLUSION_GROUND = "O"
# Ground L: the child stops being of compulsory school age by the end of the
# school year (children/school_age.py gives the date from the date of birth).
LEAVING_AGE_GROUND = "L"
