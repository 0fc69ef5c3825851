"""Handing a child's case over to another local authority (issue 14, items 3
and 4).

A `Handover` is made from one of the child's open episodes (a CME enquiry,
usually) by the local authority the child's record belongs to. What happens
next depends on whether the receiving LA works in the service
(`works_in_service`):

- in the service: it waits in their "Handed over to us" inbox; they accept
  it (the child's record moves to their LA, the sender's episode is closed as
  "moved to another LA" and a CME enquiry opens for them) or decline it with
  a reason (the sender's episode stays open);
- outside it: the sender downloads the case (export.py), sends it by secure
  e-mail, records when and to whom, and later records the other LA's
  acknowledgement, which closes the episode as accepting does.

The sender's episode stays open until the other LA accepts or acknowledges.
Each step is a method here; the view audits it and the e-mail goes through
`signals.handover_step`.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import Episode, EpisodeEvent
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.workflow import TransitionNotAllowed
from inclusion_tracker.establishments.models import LocalAuthority


def works_in_service(code: str) -> bool:
    """Whether the local authority `code` works in this service: an active
    member of its staff can sign in to accept a handover. LA staff with no LA
    set belong to the deployment's own (the first of LA_CODES)."""
    staff = User.objects.la_staff()
    if code == settings.LA_CODES[0]:
        staff = staff.filter(Q(local_authority_id=code) | Q(local_authority__isnull=True))
    else:
        staff = staff.filter(local_authority_id=code)
    return staff.exists()


def team_of(code: str):
    """The officers and team managers of the LA `code`: who is e-mailed about
    a handover on their side."""
    users = User.objects.filter(
        is_active=True, groups__name__in=(Role.INCLUSION_OFFICER, Role.TEAM_MANAGER)
    )
    if code == settings.LA_CODES[0]:
        users = users.filter(Q(local_authority_id=code) | Q(local_authority__isnull=True))
    else:
        users = users.filter(local_authority_id=code)
    return users.distinct()


class HandoverQuerySet(models.QuerySet):
    def active(self):
        """Handovers still waiting on the other LA (the episode stays open)."""
        return self.filter(status__in=Handover.ACTIVE)

    def visible_to(self, user):
        """Handovers from or to one of the user's LAs (LA staff only)."""
        if not (user.is_authenticated and user.is_la_staff):
            return self.none()
        codes = user.la_codes
        return self.filter(Q(from_la_id__in=codes) | Q(to_la_id__in=codes))

    def handed_over_to(self, user):
        """The "Handed over to us" inbox: waiting handovers to the user's LAs."""
        if not (user.is_authenticated and user.is_la_staff):
            return self.none()
        return self.filter(status=Handover.Status.WAITING, to_la_id__in=user.la_codes)

    def with_list_details(self):
        return self.select_related("child", "from_la", "to_la", "sent_by")


class Handover(models.Model):
    class Status(models.TextChoices):
        # To an LA in the service.
        WAITING = "waiting", "Waiting for them to accept"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        # To an LA outside the service.
        TO_SEND = "to_send", "To send: download the case and e-mail it"
        SENT = "sent", "Sent, waiting for their acknowledgement"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    ACTIVE = (Status.WAITING, Status.TO_SEND, Status.SENT)
    TAG_COLOURS = {
        Status.WAITING: "yellow",
        Status.ACCEPTED: "green",
        Status.DECLINED: "red",
        Status.TO_SEND: "orange",
        Status.SENT: "yellow",
        Status.ACKNOWLEDGED: "green",
    }

    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.PROTECT, related_name="handovers"
    )
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="handovers")
    from_la = models.ForeignKey(
        "establishments.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    to_la = models.ForeignKey(
        "establishments.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    # Whether the receiving LA was in the service when it was sent: decides
    # accept/decline in the service or export, e-mail and acknowledgement.
    in_service = models.BooleanField()
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)

    # What is known about where the child is now.
    new_address = models.TextField("new address", blank=True)
    new_school_name = models.CharField("new school", max_length=200, blank=True)
    new_school_urn = models.CharField("new school's URN", max_length=6, blank=True)
    contact_name = models.CharField("contact name", max_length=150, blank=True)
    contact_phone = models.CharField("contact phone number", max_length=20, blank=True)
    contact_email = models.EmailField("contact e-mail address", blank=True)
    notes = models.TextField("anything else they should know", blank=True)

    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Accepted or declined (in the service).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # The CME enquiry opened for the receiving LA when it accepted.
    new_episode = models.ForeignKey(
        "casework.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Outside the service: the export sent by secure e-mail, and the reply.
    sent_on = models.DateField("date sent", null=True, blank=True)
    sent_to_email = models.EmailField("sent to", blank=True)
    sent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_on = models.DateField("date acknowledged", null=True, blank=True)
    acknowledged_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One handover at a time for an episode: a second is refused
            # while the first waits (a declined one can be followed by another).
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(status__in=("waiting", "to_send", "sent")),
                name="one_active_handover_per_episode",
            )
        ]
        indexes = [models.Index(fields=["to_la", "status"], name="handover_inbox")]

    def __str__(self) -> str:
        return f"Handover of child {self.child_id} from {self.from_la_id} to {self.to_la_id}"

    def get_absolute_url(self) -> str:
        return reverse("handovers:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def tag_colour(self) -> str:
        return self.TAG_COLOURS.get(self.Status(self.status), "grey")

    def known_rows(self) -> list[tuple[str, str]]:
        """What the sender knows, as (label, value) rows; empty ones left out."""
        school = self.new_school_name
        if self.new_school_urn:
            school = (
                f"{school} (URN {self.new_school_urn})" if school else f"URN {self.new_school_urn}"
            )
        rows = [
            ("New address", self.new_address),
            ("New school", school),
            ("Contact name", self.contact_name),
            ("Contact phone number", self.contact_phone),
            ("Contact e-mail address", self.contact_email),
            ("Anything else", self.notes),
        ]
        return [(label, value) for label, value in rows if value]

    # The steps -----------------------------------------------------------------

    @classmethod
    def start(cls, episode: Episode, *, to_la: LocalAuthority, by, token=None, **known):
        """Hand `episode`'s child over to `to_la`: waiting in their inbox, or
        to send by secure e-mail for an LA outside the service."""
        service = works_in_service(to_la.code)
        handover = cls.objects.create(
            episode=episode,
            child=episode.child,
            from_la_id=episode.child.local_authority_id or settings.LA_CODES[0],
            to_la=to_la,
            in_service=service,
            status=cls.Status.WAITING if service else cls.Status.TO_SEND,
            sent_by=by,
            form_token=token,
            **known,
        )
        episode.events.create(
            what=EpisodeEvent.What.UPDATED,
            summary=f"Handed over to {to_la.name}"
            + ("" if service else " (outside the service: the case is to be sent by e-mail)"),
            by=by,
        )
        return handover

    def _refuse_unless(self, *statuses) -> None:
        if self.status not in statuses:
            raise TransitionNotAllowed(
                f"This handover is already {self.get_status_display().lower()}"
            )

    @transaction.atomic
    def accept(self, *, by) -> None:
        """The receiving LA takes the child on: the record moves to their LA,
        the sender's episode closes and a CME enquiry opens for them."""
        self._refuse_unless(self.Status.WAITING)
        now = timezone.now()
        self.status, self.decided_by, self.decided_at = self.Status.ACCEPTED, by, now
        self.child.local_authority_id = self.to_la_id
        self.child.save(update_fields=["local_authority"])
        self._close_senders_episode(by=by, told_on=timezone.localdate(self.created_at))
        self.new_episode = Episode.objects.create(
            child=self.child,
            kind=EpisodeKind.CME_ENQUIRY,
            reason=f"Handed over by {self.from_la.name}",
        )
        self.new_episode.events.create(
            what=EpisodeEvent.What.OPENED,
            summary=f"Opened when {self.to_la.name} accepted the handover from {self.from_la.name}",
            by=by,
        )
        self.save()

    @transaction.atomic
    def decline(self, *, by, reason: str) -> None:
        """The receiving LA declines: back to the sender, whose episode stays open."""
        self._refuse_unless(self.Status.WAITING)
        self.status, self.decided_by, self.decided_at = self.Status.DECLINED, by, timezone.now()
        self.decline_reason = reason
        self.save()
        self.episode.events.create(
            what=EpisodeEvent.What.UPDATED,
            summary=f"{self.to_la.name} declined the handover",
            details=reason,
            by=by,
        )

    @transaction.atomic
    def record_sent(self, *, by, on, to_email: str) -> None:
        """Outside the service: the case was sent by secure e-mail."""
        self._refuse_unless(self.Status.TO_SEND, self.Status.SENT)
        self.status = self.Status.SENT
        self.sent_on, self.sent_to_email, self.sent_recorded_by = on, to_email, by
        self.save()
        self.episode.events.create(
            what=EpisodeEvent.What.UPDATED,
            summary=f"Case sent to {self.to_la.name} on {govuk_date(on)}",
            by=by,
        )

    @transaction.atomic
    def record_acknowledged(self, *, by, on) -> None:
        """Outside the service: the other LA acknowledged it; the episode closes."""
        self._refuse_unless(self.Status.SENT)
        self.status = self.Status.ACKNOWLEDGED
        self.acknowledged_on, self.acknowledged_recorded_by = on, by
        self.save()
        self._close_senders_episode(by=by, told_on=self.sent_on or on)

    def _close_senders_episode(self, *, by, told_on) -> None:
        """Close the sender's episode as "moved to another local authority"
        when its workflow has that outcome and allows closing now; otherwise
        leave it open with a line in its history saying why."""
        episode = self.episode
        note = f"Handed over to {self.to_la.name}: " + (
            f"accepted by {by}" if self.status == self.Status.ACCEPTED else "acknowledged"
        )
        if episode.is_closed:
            return
        if episode.workflow.outcome("moved_la") is not None:
            try:
                episode.change_status(
                    CLOSED,
                    by=by,
                    outcome="moved_la",
                    notes=note,
                    details={"moved_to": self.to_la_id, "moved_la_told_on": told_on},
                )
                return
            except TransitionNotAllowed:
                pass
        episode.events.create(
            what=EpisodeEvent.What.UPDATED,
            summary=f"{note}; this episode is left open for you to close",
            by=by,
        )
