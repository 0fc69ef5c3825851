"""Merging two records of the same child, and reversing a merge.

The merged record is never deleted: it keeps its audit events and points at
the kept record (`Child.merged_into`). Its notifications, episodes and notes
move to the kept record; the merge remembers exactly which, and which empty
fields of the kept record took the merged record's values, so an
administrator can put everything back.
"""

from django.db import transaction
from django.utils import timezone

from inclusion_tracker.casework.models import ChildMerge, Episode, Note
from inclusion_tracker.children.flags import FLAG_FIELDS
from inclusion_tracker.children.models import Child
from inclusion_tracker.notifications.models import Notification


class MergeNotAllowed(Exception):
    pass


# Details of the kept record filled from the merged one when empty.
FILLABLE_FIELDS = (
    "upn",
    "legal_middle_names",
    "preferred_first_name",
    "preferred_last_name",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "current_establishment",
)


def _value(child, field):
    if field == "current_establishment":
        return child.current_establishment_id
    return getattr(child, field)


def check_can_merge(kept: Child, merged: Child) -> None:
    """Raise MergeNotAllowed, with a message for the user, unless these two
    records may be merged."""
    if kept.pk == merged.pk:
        raise MergeNotAllowed("Choose a different child's record to merge")
    if kept.merged_into_id or merged.merged_into_id:
        raise MergeNotAllowed("One of these records has already been merged")


@transaction.atomic
def merge(kept: Child, merged: Child, *, by, reason: str) -> ChildMerge:
    kept, merged = (
        Child.objects.select_for_update().get(pk=kept.pk),
        Child.objects.select_for_update().get(pk=merged.pk),
    )
    check_can_merge(kept, merged)
    moved = {
        "notifications": list(merged.notifications.values_list("pk", flat=True)),
        "episodes": list(merged.episodes.values_list("pk", flat=True)),
        "notes": list(merged.notes.values_list("pk", flat=True)),
    }
    Notification.objects.filter(pk__in=moved["notifications"]).update(child=kept)
    Episode.objects.filter(pk__in=moved["episodes"]).update(child=kept)
    Note.objects.filter(pk__in=moved["notes"]).update(child=kept)

    filled = {}
    for field in FILLABLE_FIELDS:
        if not _value(kept, field) and _value(merged, field):
            filled[field] = _value(merged, field)
    flags_added = [
        flag for flag in FLAG_FIELDS if getattr(merged, flag) and not getattr(kept, flag)
    ]
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


@transaction.atomic
def reverse(record: ChildMerge, *, by) -> ChildMerge:
    record = ChildMerge.objects.select_for_update().get(pk=record.pk)
    if record.is_reversed:
        raise MergeNotAllowed("This merge has already been reversed")
    kept = Child.objects.select_for_update().get(pk=record.kept_id)
    merged = Child.objects.select_for_update().get(pk=record.merged_id)
    if merged.merged_into_id != kept.pk:
        raise MergeNotAllowed("The merged record has changed since; it cannot be reversed")
    Notification.objects.filter(pk__in=record.moved.get("notifications", [])).update(child=merged)
    Episode.objects.filter(pk__in=record.moved.get("episodes", [])).update(child=merged)
    Note.objects.filter(pk__in=record.moved.get("notes", [])).update(child=merged)
    for field, value in record.filled.items():
        attribute = f"{field}_id" if field == "current_establishment" else field
        if getattr(kept, attribute) == value:
            setattr(kept, attribute, "" if field != "current_establishment" else None)
    for flag in record.moved.get("flags", []):
        setattr(kept, flag, False)
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
