"""Removal from roll: the deletion return. When a school deletes a pupil's
name from its admission register under one of the grounds A to O
(regulation 9(1) of the School Attendance (Pupil Registration) (England)
Regulations 2024), regulation 13 says it must send the LA the child's name and
address, the name and address of each parent the child normally lives with
with at least one emergency phone number, what it knows of the child's future
address and new school, and the ground (shared/reference/statutory.md §1.2 to
§1.4). It is due as soon as the ground is met, and no later than the deletion.

When the school does not know where the child is going (neither the new
school nor the new address), the Inclusion service must make enquiries to find
them: a child of compulsory school age gets a children-missing-education (CME)
enquiry, opened the moment the school sends the return; a younger child the
early years route. Grounds H and I need the school and the LA to have made
joint reasonable enquiries first, and no reasonable grounds to believe the
child cannot attend because of sickness or an unavoidable cause; ground I at
least 20 school days of continuous absence, every session coded G, N or O;
ground H 10 school days after the leave of absence ended (statutory.md §3.3).
School days are the child's school's own, from its term dates.

Reg 13(5): a pupil leaving at or after the end of the last term of the school
year from the school's most senior class (a Year 6 leaver from a primary
school) needs no deletion return unless the LA asks for one
(LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS): the journey then says so and stops.

A child not of compulsory school age is deleted under regulation 9(3), not
9(1): the ground question offers those grounds instead.

The package:

- `rules.py`: the checks, each written once as a function that returns the
  error message when it is broken; used by the page forms and by the
  submission check;
- `forms.py`: the question pages' forms;
- `journey.py`: the pages in order, when each applies, the stop pages, and
  "check your answers" (warnings, the submission check, what happens next).
"""

from inclusion_tracker.notifications.journeys.removal.journey import JOURNEY

__all__ = ["JOURNEY"]
