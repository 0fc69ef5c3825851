"""Merging two records of the same child, and reversing a merge.

The merged record is never deleted: it keeps its audit events and points at
the kept record (`Child.merged_into`). Its notifications, episodes and notes
move to the kept record; the merge remembers exactly which, and which empty
fields of the kept record took the merged record's values and which flags
it gained, so an administrator can put everything back (see `reverse`; the
flags stay).
"""

from django.db import models, transaction
from django.utils import timezone

from inclusion_tracker.casework.models import ChildMerge, Episode, Note
from inclusion_tracker.children.flags import FLAG_FIELDS
from inclusion_tracker.children.models import Child
from inclusion_tracker.notifications.models import Notification


class MergeNotAllowed(Exception):
    pass


# Details of the kept record filled from the merged one when empty. Each
# block is taken whole from one record: an address is never the street of
# one record and the postcode of the other, nor a preferred first name of one
# with the preferred last name of the other. A block is filled only when
# every field of it is empty on the kept record.
FILLABLE_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("upn",),
    ("legal_middle_names",),
    ("preferred_first_name", "preferred_last_name"),
    ("address_line_1", "address_line_2", "town", "postcode"),
    ("current_establishment",),
)


def _value(child, field):
    if field == "current_establishment":
        return child.current_establishment_id
    return getattr(child, field)


def details_to_fill(kept: Child, merged: Child) -> dict:
    """{field: value} of the merged record's details the kept record takes:
    each block whole, when the kept record has none of it and the merged
    record has some."""
    filled = {}
    for block in FILLABLE_BLOCKS:
        if any(_value(kept, field) for field in block):
            continue
        if any(_value(merged, field) for field in block):
            filled.update({field: _value(merged, field) for field in block})
    return filled


def _lock_in_order(kept_pk: int, merged_pk: int) -> tuple[Child, Child]:
    """Lock both records, the lower primary key first: two merges of the same
    pair started from either end wait for each other instead of deadlocking."""
    locked = {
        child.pk: child
        for child in Child.objects.select_for_update()
        .filter(pk__in=(kept_pk, merged_pk))
        .order_by("pk")
    }
    return locked[kept_pk], locked[merged_pk]


def check_can_merge(kept: Child, merged: Child) -> None:
    """Raise MergeNotAllowed, with a message for the user, unless these two
    records may be merged."""
    if kept.pk == merged.pk:
        raise MergeNotAllowed("Choose a different child's record to merge")
    if kept.merged_into_id or merged.merged_into_id:
        raise MergeNotAllowed("One of these records has already been merged")


@transaction.atomic
def merge(kept: Child, merged: Child, *, by, reason: str, fill: bool = True) -> ChildMerge:
    """Move everything on `merged` to `kept`. With fill=False (triage linking a
    notification's provisional record to the child's record) nothing of the
    kept record's details or flags changes: the officer chose separately
    whether the notification's details update it."""
    kept, merged = _lock_in_order(kept.pk, merged.pk)
    check_can_merge(kept, merged)
    moved = {
        "notifications": list(merged.notifications.values_list("pk", flat=True)),
        "episodes": list(merged.episodes.values_list("pk", flat=True)),
        "notes": list(merged.notes.values_list("pk", flat=True)),
    }
    Notification.objects.filter(pk__in=moved["notifications"]).update(child=kept)
    Episode.objects.filter(pk__in=moved["episodes"]).update(child=kept)
    Note.objects.filter(pk__in=moved["notes"]).update(child=kept)

    filled = details_to_fill(kept, merged) if fill else {}
    flags_added = (
        [flag for flag in FLAG_FIELDS if getattr(merged, flag) and not getattr(kept, flag)]
        if fill
        else []
    )
    if "upn" in filled:
        # The UPN is unique: it leaves the merged record first.
        merged.upn = ""
    merged.merged_into = kept
    merged.version += 1
    merged.save()
    for field, value in filled.items():
        setattr(kept, f"{field}_id" if field == "current_establishment" else field, value)
    for flag in flags_added:
        setattr(kept, flag, True)
    kept.version += 1
    kept.save()
    return ChildMerge.objects.create(
        kept=kept,
        merged=merged,
        reason=reason,
        moved={**moved, "flags": flags_added},
        filled=filled,
        merged_by=by,
    )


def blocking_merge(record: ChildMerge) -> ChildMerge | None:
    """A later merge, not reversed, of this merge's kept record into another:
    it must be reversed first."""
    return (
        ChildMerge.objects.filter(merged_id=record.kept_id, reversed_at__isnull=True)
        .exclude(pk=record.pk)
        .order_by("-merged_at", "-pk")
        .first()
    )


def check_can_reverse(record: ChildMerge, kept: Child, merged: Child) -> None:
    """Raise MergeNotAllowed, with a message for the user, unless this merge
    may be reversed now.

    Merges are reversed most recent first: after A into B and then B into C,
    B's things (A's among them) are on C, so B into C is reversed before A
    into B."""
    if record.is_reversed:
        raise MergeNotAllowed("This merge has already been reversed")
    if merged.merged_into_id != kept.pk:
        raise MergeNotAllowed("The merged record has changed since; it cannot be reversed")
    later = blocking_merge(record)
    if kept.merged_into_id or later is not None:
        into = kept.merged_into_id or (later.kept_id if later else None)
        raise MergeNotAllowed(
            f"Reverse the later merge of record {kept.pk} into record {into} first"
        )
    upn = record.filled.get("upn")
    holder = (
        Child.objects.filter(upn=upn).exclude(pk__in=[kept.pk, merged.pk]).first() if upn else None
    )
    if holder is not None and holder.local_authority_id != merged.local_authority_id:
        # Never named: another LA's record is out of this LA's sight.
        raise MergeNotAllowed(
            f"A record in another local authority now has the UPN that goes back to record "
            f"{merged.pk}"
        )
    if holder is not None:
        # The kept record's UPN was changed since, and another record now has
        # the UPN the merged record would take back.
        raise MergeNotAllowed(
            f"Record {holder.pk} now has the UPN that goes back to record {merged.pk}: "
            "change one of them first"
        )


def _what_moves_back(record: ChildMerge, kept: Child) -> tuple[set[int], set[int]]:
    """(episodes, notifications) to move back to the merged record: those the
    merge moved, and everything on the kept record tied to them since, until
    nothing more is tied: follow-up episodes (a CME enquiry whose parent is a
    moved removal), notifications linked to a moving episode, and the other
    episodes those notifications opened or updated. A notification and the
    episodes it touched always end up on the same record."""
    episodes = set(record.moved.get("episodes", []))
    notifications = set(record.moved.get("notifications", []))
    while True:
        more_episodes = set(
            Episode.objects.filter(child=kept)
            .filter(models.Q(parent_id__in=episodes) | models.Q(notifications__in=notifications))
            .exclude(pk__in=episodes)
            .values_list("pk", flat=True)
        )
        more_notifications = set(
            Notification.objects.filter(child=kept, episodes__in=episodes | more_episodes)
            .exclude(pk__in=notifications)
            .values_list("pk", flat=True)
        )
        if not more_episodes and not more_notifications:
            return episodes, notifications
        episodes |= more_episodes
        notifications |= more_notifications


@transaction.atomic
def reverse(record: ChildMerge, *, by) -> ChildMerge:
    """Put back what the merge moved, so the two records are separate again.

    Back on the merged record go:

    - the notifications, episodes and notes the merge moved;
    - episodes opened on the kept record since, as follow-ups of a moved
      episode (`Episode.parent`, followed down the chain);
    - notifications on the kept record linked to any of those episodes (a
      later notification that updated a moved episode), and the other
      episodes such a notification opened, so that a notification and its
      episodes stay on one record (`_what_moves_back`);
    - notes on the kept record about any of those episodes.

    Details the merge filled are cleared from the kept record if they still
    hold the merged record's value, and the UPN goes back. Flags the merge
    added stay on the kept record: they may have been set again since, and
    cannot be told apart, so an officer removes any that do not apply.

    Refused (MergeNotAllowed) unless `check_can_reverse` allows it: later
    merges of the kept record are reversed first.
    """
    record = ChildMerge.objects.select_for_update().get(pk=record.pk)
    kept, merged = _lock_in_order(record.kept_id, record.merged_id)
    check_can_reverse(record, kept, merged)
    episodes, notifications = _what_moves_back(record, kept)
    notes = set(record.moved.get("notes", [])) | set(
        Note.objects.filter(child=kept, episode_id__in=episodes).values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=notifications).update(child=merged)
    Episode.objects.filter(pk__in=episodes).update(child=merged)
    Note.objects.filter(pk__in=notes).update(child=merged)
    for field, value in record.filled.items():
        attribute = f"{field}_id" if field == "current_establishment" else field
        if getattr(kept, attribute) == value:
            setattr(kept, attribute, "" if field != "current_establishment" else None)
    kept.version += 1
    kept.save()
    if "upn" in record.filled:
        merged.upn = record.filled["upn"]
    merged.merged_into = None
    merged.version += 1
    merged.save()
    record.reversed_by, record.reversed_at = by, timezone.now()
    record.save(update_fields=["reversed_by", "reversed_at"])
    return record
