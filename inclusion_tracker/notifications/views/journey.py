"""The "Record absence data" service: schools notify the Inclusion service.

Start page -> question pages (each saves to the draft) -> check your answers
-> submit (once) -> confirmation with a reference. Schools list their
establishments' drafts and notifications; officers see what was received.
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core import idempotency
from inclusion_tracker.core.permissions import SCHOOL_ACCESS, requires_permission
from inclusion_tracker.notifications.access import get_draft_for
from inclusion_tracker.notifications.forms import StartForm
from inclusion_tracker.notifications.journeys import JOURNEYS
from inclusion_tracker.notifications.journeys.base import CollectionPage
from inclusion_tracker.notifications.models import Notification, Status
from inclusion_tracker.notifications.signals import notification_sent


def _page_url(notification, page, change=False) -> str:
    url = reverse("notifications:page", args=[notification.reference, page.slug])
    return f"{url}?change=1" if change else url


def _check_url(notification) -> str:
    return reverse("notifications:check", args=[notification.reference])


def _continue_with(notification):
    """Where a draft carries on: its first unanswered page, else the check page."""
    journey = JOURNEYS[notification.kind]
    incomplete = journey.incomplete_pages(notification)
    return redirect(
        _page_url(notification, incomplete[0]) if incomplete else _check_url(notification)
    )


@requires_permission(SCHOOL_ACCESS)
def start(request):
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not request.user.establishments.exists():
        form.is_valid()
        form.add_error(
            None,
            "You are not linked to an establishment yet. Ask your establishment's main contact "
            f"to add you, or phone the Inclusion service on {settings.INCLUSION_SERVICE_PHONE}",
        )
    if request.method == "POST" and form.is_valid():
        journey = JOURNEYS[form.cleaned_data["kind"]]
        establishments = list(request.user.establishments.all()[:2])
        token = idempotency.token_from(request)

        def create():
            notification = Notification.start(
                kind=journey.kind,
                user=request.user,
                establishment=establishments[0] if len(establishments) == 1 else None,
                form_token=token,
            )
            journey.create_details(notification)
            return notification

        notification, _ = idempotency.create_once(Notification, token, create)
        if notification.created_by_id != request.user.pk:
            raise Http404("No such draft")
        return _continue_with(notification)
    return render(
        request,
        "notifications/start.html",
        {
            "form": form,
            "journeys": JOURNEYS.values(),
            "form_token": idempotency.page_token(request),
            "la_asks_for_standard_transition_returns": request.user.home_local_authority.asks_for_standard_transitions,
        },
    )


@requires_permission(SCHOOL_ACCESS)
def resume(request, reference):
    notification = get_draft_for(request.user, reference)
    if not notification.is_draft:
        return redirect("notifications:detail", notification.reference)
    return _continue_with(notification)


@requires_permission(SCHOOL_ACCESS)
def question(request, reference, slug):
    notification = get_draft_for(request.user, reference)
    if not notification.is_draft:
        return redirect("notifications:detail", notification.reference)
    journey = JOURNEYS[notification.kind]
    page = journey.page(slug)
    if page is None or not page.applies(notification):
        raise Http404("No such question")
    change = request.GET.get("change") == "1"
    previous = journey.previous_page(notification, slug)
    back_url = (
        _check_url(notification)
        if change
        else (_page_url(notification, previous) if previous else reverse("notifications:start"))
    )
    context = {
        "notification": notification,
        "journey": journey,
        "page": page,
        "back_url": back_url,
        "change": change,
    }

    if page.stop:
        return render(request, page.template, context)

    if page.is_collection:
        return _collection(request, notification, journey, page, context)

    form = page.form(notification, request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not _lock_draft(notification):
                return _sent_meanwhile(request, notification)
            form.save()
            notification.mark_page_complete(page.slug)
        return _after_answer(notification, journey, page, change)
    context["form"] = form
    return render(request, page.template, context)


def _lock_draft(notification) -> bool:
    """Lock the draft's row until the end of the transaction; False when it
    was sent meanwhile (another tab), so nothing is changed after sending."""
    return (
        Notification.objects.select_for_update()
        .filter(pk=notification.pk, status=Status.DRAFT)
        .exists()
    )


def _sent_meanwhile(request, notification):
    messages.info(
        request,
        f"{notification.reference} has been sent, so it can no longer be changed. "
        "This is what was sent",
    )
    return redirect("notifications:detail", notification.reference)


def _after_answer(notification, journey, page, change):
    notification.refresh_from_db()
    if change:
        incomplete = journey.incomplete_pages(notification)
        if incomplete:
            return redirect(_page_url(notification, incomplete[0], change=True))
        return redirect(_check_url(notification))
    following = journey.next_page(notification, page.slug)
    return redirect(_page_url(notification, following) if following else _check_url(notification))


def _collection(request, notification, journey, page, context):
    items = list(page.items(notification))
    form = page.item_form(notification, request.user)
    if request.method == "POST":
        if request.POST.get("action") == "add":
            form = page.item_form(notification, request.user, request.POST)
            token = idempotency.token_from(request)
            model = form._meta.model
            if token and model.objects.filter(form_token=token).exists() or form.is_valid():
                with transaction.atomic():
                    if not _lock_draft(notification):
                        return _sent_meanwhile(request, notification)
                    form.instance.form_token = token
                    idempotency.create_once(model, token, form.save)
                return redirect(_page_url(notification, page, context["change"]))
        elif len(items) >= page.minimum:
            notification.mark_page_complete(page.slug)
            return _after_answer(notification, journey, page, context["change"])
        else:
            first_field = next(iter(form.fields))
            context["page_error"] = {
                "text": page.empty_message,
                "href": f"#{form[first_field].error_target_id}",
            }
    context.update(
        {
            "form": form,
            "items": [(item, page.item_summary(item)) for item in items],
            "form_token": idempotency.page_token(request),
        }
    )
    return render(request, page.template, context)


@require_POST
@requires_permission(SCHOOL_ACCESS)
def remove_item(request, reference, slug, item_pk):
    notification = get_draft_for(request.user, reference)
    journey = JOURNEYS[notification.kind]
    page = journey.page(slug)
    if not notification.is_draft or not isinstance(page, CollectionPage):
        raise Http404("No such item")
    with transaction.atomic():
        if not _lock_draft(notification):
            return _sent_meanwhile(request, notification)
        item = get_object_or_404(page.items(notification), pk=item_pk)
        item.delete()
        if not page.items(notification).exists():
            notification.completed_pages = [s for s in notification.completed_pages if s != slug]
            notification.save(update_fields=["completed_pages", "updated_at"])
    change = "?change=1" if request.POST.get("change") == "1" else ""
    return redirect(reverse("notifications:page", args=[notification.reference, slug]) + change)


def check_answer_sections(notification, user):
    journey = JOURNEYS[notification.kind]
    sections = []
    for page in journey.pages_for(notification):
        if page.stop:
            continue
        sections.append(
            {
                "page": page,
                "rows": page.summary_rows(notification, user),
                "change_url": _page_url(notification, page, change=True),
                "complete": page.slug in notification.completed_pages,
            }
        )
    return sections


@transaction.atomic
def send(request, notification) -> bool:
    """Send the draft, once, as one unit: the submission, its audit event,
    what cannot wait for triage (a CME enquiry for a child removed with no
    known destination, and the e-mails to the officers about it) and the
    school's receipt are saved in one transaction, and the e-mails are queued
    for sending only when it commits. A crash leaves either all of it or none.
    False when it was sent already (a double click, a second tab)."""
    if not notification.submit(by=request.user):
        return False
    AuditEvent.objects.record(
        request,
        action=Action.CREATE,
        obj=notification,
        summary=f"Submitted {notification.get_kind_display().lower()}",
    )
    # Casework opens what cannot wait; reminders queues the e-mails.
    notification_sent.send(sender=Notification, notification=notification, request=request)
    return True


@requires_permission(SCHOOL_ACCESS)
def check_answers(request, reference):
    notification = get_draft_for(request.user, reference)
    journey = JOURNEYS[notification.kind]
    if not notification.is_draft:
        return redirect("notifications:confirmation", notification.reference)
    incomplete = [page for page in journey.incomplete_pages(notification) if not page.stop]
    problems = [
        (f"Answer the question: {page.title.lower()}", _page_url(notification, page))
        for page in incomplete
    ]
    problems += [
        (message, _page_url(notification, journey.page(slug), change=True))
        for message, slug in journey.submission_errors(notification)
    ]
    if notification.establishment_id is None:
        problems.append(
            (
                "You are not linked to an establishment: ask your main contact or the Inclusion service to add you",
                reverse("notifications:list"),
            )
        )
    if request.method == "POST" and not problems:
        send(request, notification)
        return redirect("notifications:confirmation", notification.reference)
    return render(
        request,
        "notifications/check_answers.html",
        {
            "notification": notification,
            "journey": journey,
            "sections": check_answer_sections(notification, request.user),
            "warnings": journey.check_warnings(notification),
            "problems": problems,
        },
    )


@requires_permission(SCHOOL_ACCESS)
def confirmation(request, reference):
    notification = get_draft_for(request.user, reference)
    if notification.is_draft:
        return redirect("notifications:check", notification.reference)
    journey = JOURNEYS[notification.kind]
    return render(
        request,
        "notifications/confirmation.html",
        {
            "notification": notification,
            "journey": journey,
            "next_steps": journey.what_happens_next(notification),
        },
    )


@requires_permission(SCHOOL_ACCESS)
def delete_draft(request, reference):
    notification = get_draft_for(request.user, reference)
    if not notification.is_draft:
        raise Http404("Only drafts can be deleted")
    if request.method == "POST":
        with transaction.atomic():
            # Only a row still in draft: one sent from another tab meanwhile stays.
            deleted, _ = Notification.objects.filter(
                pk=notification.pk, status=Status.DRAFT
            ).delete()
            if not deleted:
                return _sent_meanwhile(request, notification)
            AuditEvent.objects.record(
                request, action=Action.DELETE, summary=f"Deleted draft {reference}"
            )
        messages.success(request, f"Draft {reference} has been deleted")
        return redirect("notifications:list")
    return render(request, "notifications/delete_draft.html", {"notification": notification})
