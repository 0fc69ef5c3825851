"""The audit trail: who did what, to which record, when and from where.

Events are written explicitly by the code that acts (`AuditEvent.objects.record`),
never by signals. They cannot be changed or deleted through the application:
`save()` refuses an update, and `delete()` is refused on rows and querysets.
The one exception is their retention period: `delete_written_before`, called
only by `manage.py apply_retention` (privacy app, docs/retention.md).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone


class AuditEventIsPermanent(Exception):
    pass


class Action(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out"
    SIGN_OUT = "sign_out", "Signed out"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Set up two-factor sign-in"
    TWO_FACTOR_FAILED = "two_factor_failed", "Failed two-factor code"
    TWO_FACTOR_RESET = "two_factor_reset", "Reset two-factor sign-in"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Asked to reset password"
    PASSWORD_CHANGED = "password_changed", "Changed password"
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DEACTIVATE = "deactivate", "Deactivated"
    REACTIVATE = "reactivate", "Reactivated"
    INVITE = "invite", "Invited"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"
    DELETE = "delete", "Deleted"
    LINK = "link", "Linked to a child"
    MERGE = "merge", "Merged records"
    UNMERGE = "unmerge", "Reversed a merge"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs):
        raise AuditEventIsPermanent("Audit events cannot be changed")

    def delete(self):
        raise AuditEventIsPermanent("Audit events cannot be deleted")

    def delete_written_before(self, cutoff, *, batch_size: int = 5000) -> int:
        """Delete the events written before `cutoff` whose retention period
        (RETENTION_AUDIT_YEARS) has passed, in batches of `batch_size`, each
        in its own transaction. Only `apply_retention` calls this. Returns
        how many were deleted."""
        due = self.filter(at__lt=cutoff)
        deleted = 0
        while batch := list(due.values_list("pk", flat=True)[:batch_size]):
            with transaction.atomic():
                # The permanent queryset's own delete() refuses; this is the
                # one place the plain QuerySet.delete is used.
                deleted += models.QuerySet.delete(self.model.objects.filter(pk__in=batch))[0]
        return deleted

    def record(self, request=None, *, action, obj=None, child=None, user=None, summary=""):
        """Write one event. `request` gives the actor and IP address; `user`
        names the actor where there is no signed-in request user (sign-in)."""
        actor = user
        if actor is None and request is not None and request.user.is_authenticated:
            actor = request.user
        return self.create(
            actor=actor,
            action=action,
            object_type=obj._meta.model_name if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            child=child,
            ip_address=client_ip(request) if request is not None else None,
            summary=summary[:255],
        )

    def visible_to(self, user):
        """The events an administrator reads: those about children of their
        local authorities (`user.la_codes`) and those by users of them (the
        user model's `in_local_authorities`), never another LA's. An event
        with neither (a failed sign-in with an unknown address) is the
        deployment's own LA's (the first of LA_CODES)."""
        if not user.is_authenticated:
            return self.none()
        codes = user.la_codes
        # Through the user model's manager: accounts sits above this app.
        users = get_user_model()._default_manager.in_local_authorities(codes)
        theirs = Q(child__local_authority_id__in=codes) | Q(actor__in=users)
        if settings.LA_CODES[0] in codes:
            theirs |= Q(child__isnull=True, actor__isnull=True)
        return self.filter(theirs)

    def for_filters(
        self, *, action="", actor="", object_type="", child_id=None, since=None, until=None
    ):
        events = self
        if action:
            events = events.filter(action=action)
        if actor:
            events = events.filter(actor__email__iexact=actor.strip())
        if object_type:
            events = events.filter(object_type=object_type)
        if child_id:
            # A merged record's events belong to the record it was merged into.
            events = events.filter(
                models.Q(child_id=child_id) | models.Q(child__merged_into_id=child_id)
            )
        if since:
            events = events.filter(at__date__gte=since)
        if until:
            events = events.filter(at__date__lte=until)
        return events


def client_ip(request) -> str | None:
    """The client's address: the REMOTE_ADDR, or the address the trusted
    proxies put in X-Forwarded-For when PROXY_COUNT is set."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if len(addresses) >= proxies:
            return addresses[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(max_length=40, choices=Action.choices)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=50, blank=True)
    child = models.ForeignKey(
        "children.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    summary = models.CharField(max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["action", "at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEventIsPermanent("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEventIsPermanent("Audit events cannot be deleted")
