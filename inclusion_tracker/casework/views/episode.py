"""One episode: its page, its details, its status, a team manager's approval
of a CME closure, and the CME enquiry log. LA staff only (404 for everyone
else); every view and change is audited."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from inclusion_tracker.audit.edits import save_edit
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.access import (
    can_decide_closures,
    get_casework_child_for,
    get_episode_for,
)
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.forms.episode import (
    ApprovalForm,
    EnquiryForm,
    EpisodeForm,
    OpenEpisodeForm,
    StatusForm,
)
from inclusion_tracker.casework.models import (
    ClosureIncomplete,
    EnquiryAction,
    Episode,
    EpisodeEvent,
)
from inclusion_tracker.casework.signals import closure_approval_requested
from inclusion_tracker.core import idempotency
from inclusion_tracker.core.concurrency import lock_for_update
from inclusion_tracker.core.forms import posted
from inclusion_tracker.core.permissions import LA_ACCESS, hidden_without_permission
from inclusion_tracker.core.workflow import TransitionNotAllowed
from inclusion_tracker.notifications.models import RemovalFromRoll
from inclusion_tracker.school_calendar import deadlines


def _audit_view(request, episode, summary: str) -> None:
    """A page showing the child's details (the identity bar) was shown."""
    AuditEvent.objects.record(
        request, action=Action.VIEW, obj=episode, child=episode.child, summary=summary
    )


def _key_facts(episode, today) -> dict:
    """The dates and counts that matter for this kind of episode."""
    facts: dict = {}
    if episode.kind == EpisodeKind.PART_TIME_TIMETABLE:
        if not episode.is_closed:
            school, la_code = episode.establishment, episode.child.local_authority_id
            facts["review_state"] = deadlines.due_state(episode.review_due, today, school, la_code)
            facts["review_overdue"] = facts["review_state"] == "overdue"
            facts["end_passed"] = deadlines.is_overdue(episode.end_date, today, school, la_code)
    elif episode.kind == EpisodeKind.REMOVAL_FROM_ROLL:
        # The latest deletion return: whether it was late, and when the new
        # school's new pupil return is due.
        facts["removal"] = (
            RemovalFromRoll.objects.filter(notification__episodes=episode)
            .select_related("notification")
            .order_by("-notification__submitted_at", "-pk")
            .first()
        )
    elif episode.kind == EpisodeKind.CME_ENQUIRY:
        facts["school_days_open"] = episode.school_days_open(today)
        facts["threshold"] = episode.cme_threshold_days
        # The same rule as the worklist of CME enquiries open too long.
        facts["over_threshold"] = episode.is_past_cme_threshold(today)
    return facts


@hidden_without_permission(LA_ACCESS)
def episode_page(request, pk):
    episode = get_episode_for(request.user, pk)
    today = timezone.localdate()
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=episode,
        child=episode.child,
        summary=f"Viewed {episode.get_kind_display()} episode",
    )
    is_cme = episode.kind == EpisodeKind.CME_ENQUIRY
    is_manager = can_decide_closures(request.user)
    context = {
        "episode": episode,
        "child": episode.child,
        "today": today,
        "facts": _key_facts(episode, today),
        "is_cme": is_cme,
        "is_manager": is_manager,
        "notifications": episode.notifications.select_related("establishment").order_by(
            "-submitted_at", "-pk"
        ),
        "events": episode.events.select_related("by", "notification"),
        "enquiries": (episode.enquiry_actions.select_related("recorded_by") if is_cme else None),
        "referrals": episode.referrals.select_related("service"),
        "follow_ups": (
            episode.follow_ups.all() if episode.kind == EpisodeKind.REMOVAL_FROM_ROLL else None
        ),
        "can_change_status": bool(episode.allowed_statuses()) and not episode.is_awaiting_approval,
        "can_record_enquiry": is_cme and not episode.is_closed,
        "approval_form": (
            ApprovalForm(episode=episode) if episode.is_awaiting_approval and is_manager else None
        ),
        "closure_rows": episode.closure_rows(),
    }
    if episode.is_awaiting_approval or (is_cme and episode.closure_approved_by_id):
        context["requested_by"] = episode.closure_requested_by
        context["approved_by"] = episode.closure_approved_by
    return render(request, "casework/episode.html", context)


@hidden_without_permission(LA_ACCESS)
def edit(request, pk):
    episode = get_episode_for(request.user, pk)
    if request.method == "POST":
        form, done = save_edit(request, episode, EpisodeForm, child=episode.child, history=True)
        if done:
            return redirect(episode)
    else:
        form = EpisodeForm(instance=episode)
    # Every page that shows the child (a first view, or a refused save) is audited.
    _audit_view(request, episode, f"Opened a {episode.get_kind_display()} episode to edit")
    return render(
        request,
        "casework/episode_edit.html",
        {"episode": episode, "child": episode.child, "form": form},
    )


def _apply_status(episode, data, user) -> str:
    """Make the change; return the message for the user. A closure that needs
    a team manager's approval is asked for instead (`Episode.change_status`
    decides), and the team managers are e-mailed (once the change is saved)."""
    event = episode.change_status(
        data["status"],
        by=user,
        outcome=data.get("outcome", ""),
        notes=data["notes"].strip(),
        details=data.get("details") or {},
        or_ask_approval=True,
    )
    if event.what == EpisodeEvent.What.CLOSURE_REQUESTED:
        closure_approval_requested.send(sender=Episode, episode=episode)
        return (
            "The closure is waiting for a team manager to approve it: "
            f"‘{episode.outcome_label}’ needs their approval"
        )
    if episode.is_closed:
        return event.summary
    return f"The status has been changed to ‘{episode.status_label}’"


@hidden_without_permission(LA_ACCESS)
def change_status(request, pk):
    episode = get_episode_for(request.user, pk)
    context: dict[str, Any] = {"episode": episode, "child": episode.child}
    if episode.is_awaiting_approval:
        # Only a team manager's decision moves it on (the approval page).
        _audit_view(request, episode, f"Opened a {episode.get_kind_display()} episode's status")
        return render(request, "casework/episode_status.html", context)
    form = StatusForm(posted(request), episode=episode)
    if request.method == "POST" and not form.is_valid() and _is_stale(request.POST, episode):
        # Refused because the episode changed meanwhile (closed, say): say so.
        form = _status_conflict(request, episode, request.POST)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            locked = lock_for_update(episode)
            if locked.version != data["version"]:
                form = _status_conflict(request, locked, data)
            else:
                was = locked.status_label
                try:
                    message = _apply_status(locked, data, request.user)
                except ClosureIncomplete as refusal:
                    form.add_closure_errors(refusal.errors)
                except TransitionNotAllowed as refusal:
                    field = "outcome" if data["status"] == CLOSED else "status"
                    form.add_error(field, str(refusal))
                else:
                    AuditEvent.objects.record(
                        request,
                        action=Action.UPDATE,
                        obj=locked,
                        child=episode.child,
                        summary=f"Changed status from {was} to {locked.status_label}",
                    )
                    messages.success(request, message)
                    return redirect(episode)
    context["form"] = form
    _audit_view(request, episode, f"Opened a {episode.get_kind_display()} episode's status")
    return render(request, "casework/episode_status.html", context)


def _is_stale(data, episode) -> bool:
    """Whether the page posted was shown for an earlier version of the episode."""
    version = str(data.get("version") or "")
    return version.isdigit() and int(version) != episode.version


def _status_conflict(request, current, data):
    """The form again, with what the user chose, against the latest version
    (so saving again is a deliberate choice) and a message saying what changed."""
    was = data.get("loaded_status") or ""
    if was and was != current.status:
        message = (
            "Someone else changed the status of this episode after you opened this page, "
            f"from ‘{current.workflow.changes.label(was)}’ to ‘{current.status_label}’. "
            "Your choice has not been saved. Check it and save again."
        )
    else:
        message = (
            "Someone else changed this episode after you opened this page. "
            "Your choice has not been saved. Check it and save again."
        )
    answers = request.POST.copy()
    answers["version"] = str(current.version)
    answers["loaded_status"] = current.status
    form = StatusForm(answers, episode=current)
    form.is_valid()
    form.add_error(None, message)
    return form


def _decide(episode, data, user) -> tuple[str, str]:
    """A team manager's decision on a closure: (message, audit summary)."""
    if data["decision"] == ApprovalForm.APPROVE:
        episode.change_status(CLOSED, by=user)
        return f"Closure approved: {episode.outcome_label}", "Approved closure"
    episode.change_status(episode.workflow.initial, by=user, notes=data["reason"].strip())
    return (
        "The enquiry has been sent back for more enquiries",
        "Sent closure back for more enquiries",
    )


@hidden_without_permission(LA_ACCESS)
def approval(request, pk):
    episode = get_episode_for(request.user, pk)
    if not can_decide_closures(request.user):
        raise PermissionDenied
    if not episode.is_awaiting_approval:
        raise Http404("This episode is not awaiting approval")
    form = ApprovalForm(posted(request), episode=episode)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            locked = lock_for_update(episode)
            if locked.version != data["version"] or not locked.is_awaiting_approval:
                form.add_error(
                    None,
                    "Someone else changed this enquiry after you opened this page: "
                    f"its status is now ‘{locked.status_label}’. Nothing has been saved.",
                )
            else:
                try:
                    message, summary = _decide(locked, data, request.user)
                except TransitionNotAllowed as refusal:
                    # What was asked for no longer meets the closure rules.
                    form.add_error(
                        None,
                        f"This closure cannot be approved: {refusal}. Send it back for "
                        "more enquiries so that it can be added.",
                    )
                else:
                    AuditEvent.objects.record(
                        request,
                        action=Action.UPDATE,
                        obj=locked,
                        child=episode.child,
                        summary=summary,
                    )
                    messages.success(request, message)
                    return redirect(episode)
    _audit_view(request, episode, "Opened a CME closure for approval")
    return render(
        request,
        "casework/episode_approval.html",
        {
            "episode": episode,
            "child": episode.child,
            "form": form,
            "closure_rows": episode.closure_rows(),
        },
    )


@hidden_without_permission(LA_ACCESS)
def add_enquiry(request, pk):
    episode = get_episode_for(request.user, pk)
    if episode.kind != EpisodeKind.CME_ENQUIRY:
        raise Http404("Enquiries are recorded on CME enquiries")
    token = idempotency.token_from(request) if request.method == "POST" else None
    if token and EnquiryAction.objects.filter(form_token=token, episode=episode).exists():
        # The same form sent again: the enquiry is already recorded.
        return redirect(episode)
    if episode.is_closed:
        raise Http404("This enquiry is closed")
    form = EnquiryForm(posted(request), episode=episode)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            action = EnquiryAction.objects.create(
                episode=locked,
                taken_on=data["taken_on"],
                method=data["method"],
                contacted=data["contacted"].strip(),
                result=data["result"],
                outcome=data["outcome"].strip(),
                recorded_by=request.user,
                form_token=token,
            )
            locked.events.create(
                what=EpisodeEvent.What.ENQUIRY,
                summary=f"Enquiry: {action.get_method_display()} ({action.get_result_display()})",
                by=request.user,
            )
            AuditEvent.objects.record(
                request,
                action=Action.CREATE,
                obj=locked,
                child=episode.child,
                summary=f"Recorded enquiry: {action.get_method_display()}",
            )
            return action

        with transaction.atomic():
            # Checked again on the locked row: someone may have closed it
            # since this request loaded it.
            locked = lock_for_update(episode)
            if locked.is_closed:
                raise Http404("This enquiry is closed")
            _, created = idempotency.create_once(EnquiryAction, token, create)
        if created:
            messages.success(request, "The enquiry has been recorded")
        return redirect(episode)
    _audit_view(request, episode, "Opened the form to record a CME enquiry")
    return render(
        request,
        "casework/enquiry_form.html",
        {
            "episode": episode,
            "child": episode.child,
            "form": form,
            "form_token": idempotency.page_token(request),
        },
    )


@hidden_without_permission(LA_ACCESS)
def open_episode(request, pk):
    """An officer opens an episode on a child's record by hand."""
    child = get_casework_child_for(request.user, pk)
    if child.merged_into_id:
        return redirect("casework:child", child.merged_into_id)
    token = idempotency.token_from(request) if request.method == "POST" else None
    form = OpenEpisodeForm(
        posted(request),
        initial={"owner": request.user.pk} if request.method != "POST" else None,
        child=child,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            episode = Episode.objects.create(
                child=child,
                kind=data["kind"],
                reason=data["reason"].strip(),
                start_date=data["start_date"],
                owner=data["owner"],
                establishment=child.current_establishment,
                form_token=token,
            )
            episode.events.create(
                what=EpisodeEvent.What.OPENED,
                summary="Opened by an officer, not from a notification",
                to_status=episode.status,
                by=request.user,
            )
            AuditEvent.objects.record(
                request,
                action=Action.CREATE,
                obj=episode,
                child=child,
                summary=f"Opened a {episode.get_kind_display()} episode",
            )
            return episode

        episode, created = idempotency.create_once(Episode, token, create)
        if created:
            messages.success(request, f"{episode.get_kind_display()} opened")
        return redirect(episode)
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=child,
        child=child,
        summary="Opened the form to open an episode",
    )
    return render(
        request,
        "casework/episode_open.html",
        {"child": child, "form": form, "form_token": idempotency.page_token(request)},
    )
