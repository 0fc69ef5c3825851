"""Demo handovers between the demo's two local authorities (Leicestershire,
855, and Leicester, 856): one waiting in Leicester's "Handed over to us"
inbox, one Leicester accepted. Safe to run again."""

from datetime import date

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode, EpisodeEvent
from inclusion_tracker.children.models import Child
from inclusion_tracker.establishments.models import LocalAuthority
from inclusion_tracker.handovers.models import Handover


def load(users) -> None:
    officer = users["officer@example.com"]
    leicester = LocalAuthority.objects.get(code="856")
    # Waiting: the child removed from roll with no known destination turns
    # out to live in Leicester now.
    enquiry = (
        Episode.objects.open()
        .filter(kind=EpisodeKind.CME_ENQUIRY, child__legal_first_name="Oliver")
        .first()
    )
    if enquiry is not None and not Handover.objects.filter(episode=enquiry).exists():
        Handover.start(
            enquiry,
            to_la=leicester,
            by=officer,
            new_address="14 Fosse Road North, Leicester LE3 5EA",
            contact_name="Oliver's aunt",
            contact_phone="07700 900 456",
            notes="The aunt says the family moved in with her in the autumn half-term.",
        )
    # Accepted: a child Leicestershire handed over, now Leicester's.
    child, _ = Child.objects.get_or_create(
        legal_first_name="Isla",
        legal_last_name="Turner",
        date_of_birth=date(2014, 5, 9),
        defaults={"sex": "F", "postcode": "LE3 9QQ", "local_authority_id": "855"},
    )
    if Handover.objects.filter(child=child).exists():
        return
    episode = Episode.objects.create(
        child=child, kind=EpisodeKind.CME_ENQUIRY, reason="Not seen since the summer holiday"
    )
    episode.events.create(what=EpisodeEvent.What.OPENED, summary="Opened", by=officer)
    handover = Handover.start(
        episode,
        to_la=leicester,
        by=officer,
        new_school_name="Abbey Park Primary School",
        new_school_urn="990101",
        notes="Her mother phoned to say Isla starts at Abbey Park after half-term.",
    )
    handover.accept(by=users["officer.city@example.com"])
