"""Notifications after they are sent: the school's list and detail pages,
recording a part-time timetable's reviews, and the officers' received list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render

from inclusion_tracker.audit.lists import render_list
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core import idempotency
from inclusion_tracker.core.permissions import LA_ACCESS, SCHOOL_ACCESS, requires_permission
from inclusion_tracker.core.signals import page_context
from inclusion_tracker.notifications.access import (
    can_record_review,
    get_notification_for,
)
from inclusion_tracker.notifications.filters import ReceivedFilters
from inclusion_tracker.notifications.journeys import JOURNEYS
from inclusion_tracker.notifications.models import (
    Kind,
    Notification,
    PartTimeTimetable,
    TimetableReview,
)
from inclusion_tracker.notifications.reviews import ReviewForm
from inclusion_tracker.notifications.signals import notification_page_shown, timetable_reviewed
from inclusion_tracker.notifications.views.journey import check_answer_sections


@requires_permission(SCHOOL_ACCESS)
def school_list(request):
    """The school's drafts and sent notifications, for all its establishments."""
    visible = Notification.objects.for_school_user(request.user).select_related("establishment")
    return render_list(
        request,
        "notifications/school_list.html",
        visible.submitted().order_by("-submitted_at"),
        listed="own notifications",
        context={
            "drafts": visible.drafts().order_by("-updated_at"),
            "retention_days": settings.DRAFT_RETENTION_DAYS,
        },
    )


@login_required
def detail(request, reference):
    """One notification: the school that sent it and LA staff may see it."""
    notification = get_notification_for(request.user, reference)
    if notification.is_draft:
        return redirect("notifications:resume", notification.reference)
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=notification,
        child=notification.child,
        summary="Viewed notification",
    )
    reviews = []
    if notification.kind == Kind.PART_TIME_TIMETABLE:
        reviews = notification.details.reviews.select_related("recorded_by")
    return render(
        request,
        "notifications/detail.html",
        {
            "notification": notification,
            "journey": JOURNEYS[notification.kind],
            "sections": check_answer_sections(notification, request.user),
            "reviews": reviews,
            # The services involved with the pupil (referrals/receivers.py).
            **page_context(
                notification_page_shown,
                sender=Notification,
                notification=notification,
                user=request.user,
            ),
            "can_review": can_record_review(request.user, notification),
        },
    )


@requires_permission(SCHOOL_ACCESS)
def record_review(request, reference):
    """The school records a review of a part-time timetable: continue, extend,
    returned to full time, or ended for another reason."""
    notification = get_notification_for(request.user, reference)
    if notification.kind != Kind.PART_TIME_TIMETABLE or notification.is_draft:
        raise Http404("Reviews are for part-time timetables")
    token = idempotency.token_from(request) if request.method == "POST" else None
    if request.method != "POST":
        plan = notification.details
        if plan.ended_on is not None:
            raise Http404("This part-time timetable has ended")
        form = ReviewForm(plan=plan)
    else:
        with transaction.atomic():
            # One review at a time: a second waits here until the first is
            # saved, then finds it (ReviewForm.recorded_meanwhile).
            plan = PartTimeTimetable.objects.select_for_update().get(notification=notification)
            if token and plan.reviews.filter(form_token=token).exists():
                # The same review sent again: it is already recorded.
                return redirect("notifications:detail", notification.reference)
            form = ReviewForm(request.POST, plan=plan)
            if plan.ended_on is not None and form.recorded_meanwhile is None:
                raise Http404("This part-time timetable has ended")
            if form.is_valid():
                review = form.save(recorded_by=request.user, form_token=token)
                timetable_reviewed.send(sender=TimetableReview, review=review, by=request.user)
                AuditEvent.objects.record(
                    request,
                    action=Action.UPDATE,
                    obj=notification,
                    child=notification.child,
                    summary=f"Recorded review: {review.get_outcome_display().lower()}",
                )
                messages.success(
                    request, "The review has been recorded and sent to the Inclusion service"
                )
                return redirect("notifications:detail", notification.reference)
    return render(
        request,
        "notifications/review_form.html",
        {
            "notification": notification,
            "plan": plan,
            "form": form,
            "form_token": idempotency.page_token(request),
        },
    )


@requires_permission(LA_ACCESS)
def received(request):
    """Officers: every notification their local authority received, newest
    first, filterable."""
    return render_list(
        request,
        "notifications/received.html",
        Notification.objects.visible_to(request.user).select_related("establishment"),
        filters=ReceivedFilters,
        order_by=("-submitted_at", "-pk"),
        listed="received notifications",
    )
