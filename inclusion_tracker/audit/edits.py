"""Saving an edit of one record, with no silent overwrite and an audit event:
the plumbing the edit pages share (an episode's details, a referral's, a
child's). It lives with the audit trail because it writes to it; the
overwrite check is core/concurrency.py's.

A view keeps what is its own (which record and form, where to go next, and
where they differ from the usual, the summary and the message) and hands the
rest here:

    form, done = save_edit(request, episode, EpisodeForm, child=episode.child, history=True)
    if done:
        return redirect(episode)
    ... show the form again, with its errors
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, models, transaction

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.concurrency import (
    VersionedModelForm,
    invalid_on_second_look,
    lock_for_update,
)


def details_changed(form: VersionedModelForm) -> str | None:
    """ "Details changed: start date, reason": the fields the user changed, by
    their labels; None when they changed nothing."""
    changed = form.changed_labels()
    return f"Details changed: {', '.join(changed)}" if changed else None


def save_edit(
    request,
    instance: models.Model,
    form_class: type[VersionedModelForm],
    *,
    child,
    summary: Callable[[Any], str | None] = details_changed,
    history: bool = False,
    message: str = "Your changes have been saved",
    unique_values: bool = False,
) -> tuple[Any, bool]:
    """Save what was posted to `form_class` over `instance`, in one transaction:

    1. lock the record's row (`lock_for_update`) so that two saves at once
       cannot both pass the next check;
    2. check the form against the locked row: a VersionedModelForm refuses
       to save over a change someone else made since the page was loaded;
    3. `summary(form)` says what the user changed (None: nothing, so nothing
       is saved, recorded or said);
    4. save, write the line in the record's own history (with `history`:
       its `record_edit(summary, by=user)`, as episodes and referrals have)
       and the audit event (an update of the record, about `child`);
    5. tell the user `message`.

    `unique_values`: the form has a unique value (a child's UPN) someone else
    may save between the form's check and this save. The save is then made
    in a savepoint, and the database's refusal becomes the form's own error
    (`invalid_on_second_look`). Without it there is no savepoint, and no
    query more than the save needs.

    Returns the form and whether the edit is done (saved, or nothing to
    save): the page goes back to the record, or shows the form again with
    its errors and everything the user typed."""
    with transaction.atomic():
        locked = lock_for_update(instance)
        form = form_class(request.POST, instance=locked)
        if not form.is_valid():
            return form, False
        said = summary(form)
        if said is None:
            return form, True
        if unique_values:
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                if not invalid_on_second_look(form):
                    raise
                return form, False
        else:
            form.save()
        if history:
            locked.record_edit(said, by=request.user)
        AuditEvent.objects.record(
            request, action=Action.UPDATE, obj=locked, child=child, summary=said
        )
    messages.success(request, message)
    return form, True
