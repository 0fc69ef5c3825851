"""Every kind of notification's journey, by kind."""

from inclusion_tracker.notifications.journeys import early_years, other, part_time, removal

JOURNEYS = {
    journey.kind: journey
    for journey in (part_time.JOURNEY, removal.JOURNEY, other.JOURNEY, early_years.JOURNEY)
}
