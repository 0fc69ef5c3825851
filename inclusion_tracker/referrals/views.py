"""Referrals' pages. LA staff record a referral from a child's open episode,
see its page and history, change its status and edit its details, and work
the list of referrals open too long (404 for everyone else). School users
see their own pupils' referrals: the service and status only. Every page
that shows a child's data is audited; every change is audited in the same
transaction."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.edits import save_edit
from inclusion_tracker.audit.lists import render_list
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.access import get_casework_child_for
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.core import idempotency
from inclusion_tracker.core.concurrency import lock_for_update
from inclusion_tracker.core.forms import posted
from inclusion_tracker.core.permissions import (
    LA_ACCESS,
    SCHOOL_ACCESS,
    hidden_without_permission,
    requires_permission,
)
from inclusion_tracker.core.workflow import TransitionNotAllowed
from inclusion_tracker.referrals.access import get_referral_for
from inclusion_tracker.referrals.forms import ReferralEditForm, ReferralForm, StatusForm
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.support.models import Service


def _audit_view(request, referral, summary: str) -> None:
    AuditEvent.objects.record(
        request, action=Action.VIEW, obj=referral, child=referral.child, summary=summary
    )


def _preselected(request, name: str) -> int | None:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return None


@hidden_without_permission(LA_ACCESS)
def add(request, child_pk):
    """Record a referral from one of the child's open episodes.
    `?episode=<id>` and `?service=<id>` choose them in advance."""
    child = get_casework_child_for(request.user, child_pk)
    if child.merged_into_id:
        query = request.GET.urlencode()
        url = reverse("referrals:add", args=[child.merged_into_id])
        return redirect(f"{url}?{query}" if query else url)
    token = idempotency.token_from(request) if request.method == "POST" else None
    if token:
        existing = Referral.objects.filter(form_token=token, episode__child=child).first()
        if existing is not None:
            # The same form sent again: the referral is already recorded.
            return redirect(existing)
    open_episodes = Episode.objects.filter(child=child).open().order_by("-opened_on", "-pk")
    initial: dict = {}
    episode_pk = _preselected(request, "episode")
    if request.GET.get("episode") is not None:
        # A link from an episode's page: it must be one of this child's open episodes.
        if episode_pk is None or not open_episodes.filter(pk=episode_pk).exists():
            raise Http404("No such open episode for this child")
        initial["episode"] = episode_pk
    service_pk = _preselected(request, "service")
    form = ReferralForm(posted(request), episodes=open_episodes, initial=initial)
    if service_pk and Service.objects.offered().filter(pk=service_pk).exists():
        form.initial["service"] = service_pk
    episodes = list(open_episodes)
    if len(episodes) == 1:
        form.initial.setdefault("episode", episodes[0].pk)
    if request.method == "POST" and form.is_valid():

        def create():
            referral = Referral.objects.record(
                by=request.user, form_token=token, **form.fields_for_record()
            )
            AuditEvent.objects.record(
                request,
                action=Action.CREATE,
                obj=referral,
                child=child,
                summary=f"Recorded a referral to service {referral.service_id}",
            )
            return referral

        referral, created = idempotency.create_once(Referral, token, create)
        if created:
            messages.success(request, f"Referral to {referral.service} recorded")
        return redirect(referral)
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=child,
        child=child,
        summary="Opened the form to record a referral",
    )
    return render(
        request,
        "referrals/referral_form.html",
        {
            "child": child,
            "form": form,
            "has_open_episodes": bool(episodes),
            "form_token": idempotency.page_token(request),
            "back_url": (
                reverse("casework:episode", args=[episode_pk])
                if "episode" in initial
                else reverse("casework:child", args=[child.pk])
            ),
        },
    )


@hidden_without_permission(LA_ACCESS)
def detail(request, pk):
    referral = get_referral_for(request.user, pk)
    today = timezone.localdate()
    _audit_view(request, referral, "Viewed a referral")
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "child": referral.child,
            "events": referral.events.select_related("by"),
            "school_days": referral.school_days_since_made(today),
            "overdue": referral.is_overdue(today),
            "threshold": settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS,
        },
    )


@hidden_without_permission(LA_ACCESS)
def change_status(request, pk):
    referral = get_referral_for(request.user, pk)
    if not referral.allowed_statuses():
        # Declined, completed and withdrawn are final.
        _audit_view(request, referral, "Opened a closed referral's status")
        return render(
            request,
            "referrals/referral_status.html",
            {"referral": referral, "child": referral.child, "form": None},
        )
    form = StatusForm(posted(request), referral=referral)
    if request.method == "POST" and request.POST.get("version") != str(referral.version):
        # Checked first: the statuses offered may have changed with it.
        form = _status_conflict(request, referral)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            locked = lock_for_update(referral)
            if locked.version != data["version"]:
                form = _status_conflict(request, locked)
            else:
                try:
                    locked.change_status(
                        data["status"], by=request.user, on=data["on"], outcome=data["outcome"]
                    )
                except TransitionNotAllowed as refused:
                    form.add_error(None, str(refused))
                else:
                    AuditEvent.objects.record(
                        request,
                        action=Action.UPDATE,
                        obj=locked,
                        child=referral.child,
                        summary=f"Changed a referral's status to {locked.status}",
                    )
                    messages.success(
                        request,
                        f"The referral's status has been changed to ‘{locked.status_label}’",
                    )
                    return redirect(referral)
    _audit_view(request, referral, "Opened a referral's status")
    return render(
        request,
        "referrals/referral_status.html",
        {"referral": referral, "child": referral.child, "form": form},
    )


def _status_conflict(request, current):
    """The form again with what the user chose, against the latest version,
    so that saving again is a deliberate choice."""
    answers = request.POST.copy()
    answers["version"] = str(current.version)
    form = StatusForm(answers, referral=current)
    form.is_valid()
    form.add_error(
        None,
        "Someone else changed this referral after you opened this page: its status is now "
        f"‘{current.status_label}’. Your choice has not been saved. Check it and save again.",
    )
    return form


@hidden_without_permission(LA_ACCESS)
def edit(request, pk):
    referral = get_referral_for(request.user, pk)
    if request.method == "POST":
        form, done = save_edit(
            request, referral, ReferralEditForm, child=referral.child, history=True
        )
        if done:
            return redirect(referral)
    else:
        form = ReferralEditForm(instance=referral)
    _audit_view(request, referral, "Opened a referral to edit")
    return render(
        request,
        "referrals/referral_edit.html",
        {"referral": referral, "child": referral.child, "form": form},
    )


@hidden_without_permission(LA_ACCESS)
def open_worklist(request):
    """The user's local authorities' referrals still open (made or accepted)
    more than REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS school days after they
    were made, oldest first."""
    today = timezone.localdate()
    return render_list(
        request,
        "referrals/open_worklist.html",
        Referral.objects.visible_to(request.user)
        .overdue(today)
        .with_list_details()
        .order_by("made_on", "pk"),
        listed="worklist Open referrals",
        row=lambda referral: (referral, referral.school_days_since_made(today)),
        context={"threshold": settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS},
    )


@requires_permission(SCHOOL_ACCESS)
def school_list(request):
    """The school's own pupils' referrals: which services are involved and
    the status. Never LA notes, consent, safeguarding reasons or outcomes."""
    return render_list(
        request,
        "referrals/school_list.html",
        Referral.objects.for_school_user(request.user)
        .with_list_details()
        .order_by("-made_on", "-pk"),
        listed="referrals for own pupils",
    )
