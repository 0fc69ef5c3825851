"""A child's page: who they are, their episodes, everything that happened
(the timeline) and officers' notes; and changing their details."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from inclusion_tracker.audit.edits import save_edit
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.access import can_manage_merges, get_casework_child_for
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.forms.child import ChildEditForm, NoteForm
from inclusion_tracker.casework.models import ChildMerge, Note
from inclusion_tracker.casework.signals import child_page_shown
from inclusion_tracker.casework.timeline import timeline_for
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.views import audit_upn_holder_shown
from inclusion_tracker.core.idempotency import create_once, page_token, token_from
from inclusion_tracker.core.permissions import LA_ACCESS, hidden_without_permission
from inclusion_tracker.core.signals import page_context
from inclusion_tracker.school_calendar.deadlines import due_state, is_overdue


def key_date(episode, today) -> tuple[str, object, str]:
    """The date that matters most for an episode of this kind, with its name
    and, for a date something is due by, "overdue" or "due this week"."""
    # The school's school days; with no school, the child's LA's.
    school, la_code = episode.establishment, episode.child.local_authority_id
    # A plan that has run past its end date says so before any later review.
    if episode.kind == EpisodeKind.PART_TIME_TIMETABLE and is_overdue(
        episode.end_date, today, school, la_code
    ):
        return "Ends", episode.end_date, "overdue"
    if episode.kind == EpisodeKind.PART_TIME_TIMETABLE and episode.review_due:
        return (
            "Review due",
            episode.review_due,
            due_state(episode.review_due, today, school, la_code),
        )
    if episode.kind == EpisodeKind.PART_TIME_TIMETABLE and episode.end_date:
        return "Ends", episode.end_date, due_state(episode.end_date, today, school, la_code)
    if episode.kind == EpisodeKind.REMOVAL_FROM_ROLL and episode.start_date:
        return "Removed from roll", episode.start_date, ""
    if episode.kind == EpisodeKind.HEALTH_NEEDS and episode.duty_date:
        return "Reaches 15 school days", episode.duty_date, ""
    if episode.start_date and episode.kind != EpisodeKind.CME_ENQUIRY:
        return "Since", episode.start_date, ""
    return "Opened", episode.opened_on, ""


def _merged_record_page(request, child):
    """A merged record only says where its child's record is now."""
    AuditEvent.objects.record(
        request, action=Action.VIEW, obj=child, child=child, summary="Viewed a merged record"
    )
    merge = None
    if can_manage_merges(request.user):
        merge = ChildMerge.objects.filter(merged=child, reversed_at__isnull=True).first()
    return render(request, "casework/child_merged.html", {"child": child, "merge": merge})


def _episodes(child) -> list:
    return list(child.episodes.select_related("owner", "establishment"))


def _child_page(request, child, episodes=None, note_form=None):
    episodes = _episodes(child) if episodes is None else episodes
    if note_form is None:
        note_form = NoteForm(episodes=episodes)
    AuditEvent.objects.record(
        request, action=Action.VIEW, obj=child, child=child, summary="Viewed a child's record"
    )
    today = timezone.localdate()
    context = {
        "child": child,
        "open_episodes": [
            (episode, *key_date(episode, today)) for episode in episodes if not episode.is_closed
        ],
        "closed_episodes": [episode for episode in episodes if episode.is_closed],
        "timeline": timeline_for(child),
        "note_form": note_form,
        "form_token": page_token(request),
        "can_manage_merges": can_manage_merges(request.user),
        # Suggested services and referrals (referrals/receivers.py).
        **page_context(child_page_shown, sender=Child, child=child, user=request.user),
        # Opened when a school sent a removal with no known destination, and
        # not yet matched to the child's record in triage.
        "awaiting_triage": child.provisional_notifications.filter(child__isnull=True)
        .select_related("establishment")
        .first(),
    }
    if note_form.errors:
        # base.html shows the error summary for `form`.
        context["form"] = note_form
    return render(request, "casework/child.html", context)


@hidden_without_permission(LA_ACCESS)
def child_page(request, pk):
    child = get_casework_child_for(request.user, pk)
    if child.merged_into_id:
        return _merged_record_page(request, child)
    return _child_page(request, child)


@hidden_without_permission(LA_ACCESS)
def edit_child(request, pk):
    child = get_casework_child_for(request.user, pk)
    if child.merged_into_id:
        return redirect("casework:child", child.pk)
    if request.method == "POST":
        form, done = save_edit(
            request,
            child,
            ChildEditForm,
            summary=lambda form: (
                "Changed the child's details: " + (", ".join(form.changed_fields) or "nothing")
            ),
            child=child,
            message="The child's details have been saved",
            # Another record may take the UPN after the form was checked.
            unique_values=True,
        )
        if done:
            return redirect("casework:child", child.pk)
        if form.upn_holder is not None:
            audit_upn_holder_shown(request, form.upn_holder)
    else:
        form = ChildEditForm(instance=child)
    AuditEvent.objects.record(
        request, action=Action.VIEW, obj=child, child=child, summary="Opened a child's details"
    )
    return render(request, "casework/child_edit.html", {"child": child, "form": form})


@hidden_without_permission(LA_ACCESS)
def add_note(request, pk):
    child = get_casework_child_for(request.user, pk)
    if request.method != "POST" or child.merged_into_id:
        return redirect("casework:child", child.pk)
    episodes = _episodes(child)
    form = NoteForm(request.POST, episodes=episodes)
    if not form.is_valid():
        return _child_page(request, child, episodes=episodes, note_form=form)
    token = token_from(request)

    def create():
        # The note and its audit event are saved together (create_once's
        # transaction), or neither is.
        note = Note.objects.create(
            child=child,
            episode=form.cleaned_data["episode"],
            text=form.cleaned_data["text"],
            author=request.user,
            form_token=token,
        )
        AuditEvent.objects.record(
            request, action=Action.CREATE, obj=note, child=child, summary="Added a note"
        )
        return note

    create_once(Note, token, create)
    messages.success(request, "Note added")
    return redirect("casework:child", child.pk)
