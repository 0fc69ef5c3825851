"""The national attendance and absence codes the service names: School
Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208),
regulation 10 and its tables, in force from 19 August 2024. Reference:
shared/reference/statutory.md §2. Only the codes the service's questions and
advice use are here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AttendanceCode:
    code: str
    meaning: str
    category: str

    @property
    def label(self) -> str:
        return f"{self.code} ({self.meaning})"


PART_TIME_TIMETABLE = AttendanceCode(
    "C2",
    "leave of absence for a pupil of compulsory school age on a temporary part-time timetable",
    "authorised absence",
)
NOT_COMPULSORY_SCHOOL_AGE = AttendanceCode(
    "X", "a pupil not of compulsory school age who is not required to attend", "authorised absence"
)
ILLNESS = AttendanceCode("I", "illness", "authorised absence")
HOLIDAY_NOT_AGREED = AttendanceCode("G", "holiday not agreed by the school", "unauthorised absence")
REASON_NOT_ESTABLISHED = AttendanceCode("N", "reason not yet established", "unauthorised absence")
OTHER_UNAUTHORISED = AttendanceCode(
    "O", "absent in other or unknown circumstances", "unauthorised absence"
)
LATE_AFTER_REGISTER_CLOSED = AttendanceCode(
    "U", "arrived after the register closed", "unauthorised absence"
)

# Ground I (reg 9(1)(i)): every session of the continuous absence recorded
# with one of these codes; any other code breaks the run (statutory.md §2).
GROUND_I_CODES: tuple[AttendanceCode, ...] = (
    HOLIDAY_NOT_AGREED,
    REASON_NOT_ESTABLISHED,
    OTHER_UNAUTHORISED,
)


def codes_text(codes: tuple[AttendanceCode, ...]) -> str:
    """ "G, N or O"."""
    letters = [code.code for code in codes]
    return ", ".join(letters[:-1]) + f" or {letters[-1]}" if len(letters) > 1 else letters[0]
