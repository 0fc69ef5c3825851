"""Handing a case over to another local authority: the sender's form and
check page, the receiver's inbox, the handover page both sides see, accept
and decline, and for an LA outside the service the download and the records
of sending and acknowledgement. LA staff only (404 for everyone else, and
for handovers neither side of which is the user's LA); every step audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.access import get_episode_for
from inclusion_tracker.casework.timeline import timeline_for
from inclusion_tracker.core import idempotency
from inclusion_tracker.core.forms import posted
from inclusion_tracker.core.permissions import LA_ACCESS, hidden_without_permission
from inclusion_tracker.core.workflow import TransitionNotAllowed
from inclusion_tracker.establishments.models import LocalAuthority
from inclusion_tracker.handovers import export
from inclusion_tracker.handovers.access import (
    can_decide,
    can_export,
    can_hand_over,
    get_handover_for,
    is_receiver,
    is_sender,
)
from inclusion_tracker.handovers.forms import (
    AcknowledgedForm,
    DeclineForm,
    HandoverForm,
    SentForm,
)
from inclusion_tracker.handovers.models import Handover, works_in_service
from inclusion_tracker.handovers.signals import handover_step


def _audit(request, handover: Handover, action: str, summary: str) -> None:
    AuditEvent.objects.record(
        request, action=action, obj=handover, child=handover.child, summary=summary
    )


def _tell_the_other_side(handover: Handover, step: str) -> None:
    """E-mail the other LA's team (reminders/receivers.py), in the service only."""
    if handover.in_service:
        handover_step.send(sender=Handover, handover=handover, step=step)


@hidden_without_permission(LA_ACCESS)
def hand_over(request, episode_pk):
    """Pick the LA and say what is known, check it, then send."""
    episode = get_episode_for(request.user, episode_pk)
    token = idempotency.token_from(request) if request.method == "POST" else None
    if token is not None:
        sent = Handover.objects.filter(form_token=token, episode=episode).first()
        if sent is not None:  # the same form sent again
            return redirect(sent)
    if not can_hand_over(request.user, episode):
        active = Handover.objects.active().filter(episode=episode).first()
        if active is not None:
            return redirect(active)
        raise Http404("This episode cannot be handed over")
    child = episode.child
    form = HandoverForm(posted(request), own_code=child.local_authority_id or "")
    to_la = None
    if request.method == "POST" and form.is_valid():
        to_la = LocalAuthority.objects.get(pk=form.cleaned_data["to_la"])
        if request.POST.get("confirm") == "yes":
            known = {k: v for k, v in form.cleaned_data.items() if k != "to_la"}
            known = {k: v.strip() if isinstance(v, str) else v for k, v in known.items()}
            try:
                with transaction.atomic():
                    handover, created = idempotency.create_once(
                        Handover,
                        token,
                        lambda: Handover.start(
                            episode, to_la=to_la, by=request.user, token=token, **known
                        ),
                    )
                    if created:
                        _audit(
                            request,
                            handover,
                            Action.CREATE,
                            f"Handed the child over to {to_la.name}"
                            + ("" if handover.in_service else " (outside the service)"),
                        )
                        _tell_the_other_side(handover, Handover.Status.WAITING)
            except IntegrityError:
                # Someone handed this episode over since the page was shown.
                active = Handover.objects.active().filter(episode=episode).first()
                if active is None:
                    raise
                return redirect(active)
            if created:
                messages.success(
                    request,
                    f"Handed over to {to_la.name}"
                    if handover.in_service
                    else "Handover saved: now download the case and send it",
                )
            return redirect(handover)
        # The check page: what will be sent, and how.
        AuditEvent.objects.record(
            request,
            action=Action.VIEW,
            obj=episode,
            child=child,
            summary="Checked a handover to another local authority",
        )
        return render(
            request,
            "handovers/check.html",
            {
                "episode": episode,
                "child": child,
                "form": form,
                "to_la": to_la,
                "in_service": works_in_service(to_la.code),
                "known_rows": Handover(
                    **{k: v for k, v in form.cleaned_data.items() if k != "to_la"}
                ).known_rows(),
                "form_token": idempotency.page_token(request),
            },
        )
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=episode,
        child=child,
        summary="Opened the handover to another local authority",
    )
    return render(
        request,
        "handovers/hand_over.html",
        {
            "episode": episode,
            "child": child,
            "form": form,
            "form_token": idempotency.page_token(request),
        },
    )


@hidden_without_permission(LA_ACCESS)
def inbox(request):
    """ "Handed over to us": the user's LA's handovers waiting for a decision."""
    handovers = Handover.objects.handed_over_to(request.user).with_list_details()
    AuditEvent.objects.record(request, action=Action.VIEW, summary="Listed handovers to us")
    return render(request, "handovers/inbox.html", {"handovers": handovers})


def _detail_context(request, handover: Handover, **forms) -> dict:
    user = request.user
    sender, receiver = is_sender(user, handover), is_receiver(user, handover)
    context = {
        "handover": handover,
        "child": handover.child,
        "is_sender": sender,
        "is_receiver": receiver,
        "known_rows": handover.known_rows(),
        "can_decide": can_decide(user, handover),
        "can_export": can_export(user, handover),
        # What the receiving LA needs to decide: the parents' contact
        # details and the sender's timeline, read-only.
        "parents": export.parents_of(handover.child),
        "timeline": timeline_for(handover.child),
    }
    if context["can_decide"]:
        context["decline_form"] = forms.get("decline_form") or DeclineForm()
    if context["can_export"] and handover.status == Handover.Status.TO_SEND:
        context["sent_form"] = forms.get("sent_form") or SentForm()
    if context["can_export"] and handover.status == Handover.Status.SENT:
        context["acknowledged_form"] = forms.get("acknowledged_form") or AcknowledgedForm()
    return context


def _show(request, handover: Handover, **forms):
    _audit(request, handover, Action.VIEW, "Viewed a handover")
    return render(request, "handovers/detail.html", _detail_context(request, handover, **forms))


@hidden_without_permission(LA_ACCESS)
def detail(request, pk):
    return _show(request, get_handover_for(request.user, pk))


def _locked(handover: Handover) -> Handover:
    return (
        Handover.objects.select_for_update()
        .select_related("child", "episode", "from_la", "to_la")
        .get(pk=handover.pk)
    )


@require_POST
@hidden_without_permission(LA_ACCESS)
def accept(request, pk):
    handover = get_handover_for(request.user, pk)
    if not is_receiver(request.user, handover) or not handover.in_service:
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(handover)
        if locked.status == Handover.Status.ACCEPTED:
            return redirect(locked)  # accepted already (a second click)
        try:
            locked.accept(by=request.user)
        except TransitionNotAllowed as refused:
            messages.error(request, str(refused))
            return redirect(locked)
        _audit(request, locked, Action.UPDATE, f"Accepted a handover from {locked.from_la.name}")
        _tell_the_other_side(locked, Handover.Status.ACCEPTED)
    messages.success(request, "Handover accepted: a CME enquiry is open for your team")
    assert locked.new_episode is not None  # accepting opens it
    return redirect(locked.new_episode)


@hidden_without_permission(LA_ACCESS)
def decline(request, pk):
    handover = get_handover_for(request.user, pk)
    if not is_receiver(request.user, handover) or not handover.in_service:
        raise PermissionDenied
    if request.method != "POST":
        return redirect(handover)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _show(request, handover, decline_form=form)
    with transaction.atomic():
        locked = _locked(handover)
        if locked.status == Handover.Status.DECLINED:
            return redirect(locked)
        try:
            locked.decline(by=request.user, reason=form.cleaned_data["reason"])
        except TransitionNotAllowed as refused:
            messages.error(request, str(refused))
            return redirect(locked)
        _audit(request, locked, Action.UPDATE, f"Declined a handover from {locked.from_la.name}")
        _tell_the_other_side(locked, Handover.Status.DECLINED)
    messages.success(request, f"Handover declined: {locked.from_la.name} will be told")
    return redirect("handovers:inbox")


@hidden_without_permission(LA_ACCESS)
def download(request, pk):
    """The case as a ZIP, for an LA outside the service: audited as an export."""
    handover = get_handover_for(request.user, pk)
    if not can_export(request.user, handover):
        raise PermissionDenied
    made = export.export(handover)
    _audit(
        request,
        handover,
        Action.EXPORT,
        f"Downloaded the case to send to {handover.to_la.name}",
    )
    response = HttpResponse(made.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


@hidden_without_permission(LA_ACCESS)
def record_sent(request, pk):
    handover = get_handover_for(request.user, pk)
    if not can_export(request.user, handover):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(handover)
    form = SentForm(request.POST)
    if handover.status != Handover.Status.TO_SEND:
        return redirect(handover)  # recorded already
    if not form.is_valid():
        return _show(request, handover, sent_form=form)
    data = form.cleaned_data
    with transaction.atomic():
        locked = _locked(handover)
        if locked.status != Handover.Status.TO_SEND:
            return redirect(locked)
        locked.record_sent(by=request.user, on=data["sent_on"], to_email=data["sent_to_email"])
        _audit(request, locked, Action.UPDATE, f"Recorded the case as sent to {locked.to_la.name}")
    messages.success(request, "Recorded that the case was sent")
    return redirect(locked)


@hidden_without_permission(LA_ACCESS)
def record_acknowledged(request, pk):
    handover = get_handover_for(request.user, pk)
    if not can_export(request.user, handover):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(handover)
    if handover.status != Handover.Status.SENT:
        return redirect(handover)  # recorded already, or not sent yet
    form = AcknowledgedForm(request.POST, sent_on=handover.sent_on)
    if not form.is_valid():
        return _show(request, handover, acknowledged_form=form)
    with transaction.atomic():
        locked = _locked(handover)
        if locked.status != Handover.Status.SENT:
            return redirect(locked)
        locked.record_acknowledged(by=request.user, on=form.cleaned_data["acknowledged_on"])
        _audit(
            request,
            locked,
            Action.UPDATE,
            f"Recorded {locked.to_la.name}'s acknowledgement of the handover",
        )
    messages.success(request, "Recorded the acknowledgement")
    return redirect(locked)
