from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.concurrency import invalid_on_second_look, lock_for_update
from inclusion_tracker.core.forms import posted
from inclusion_tracker.core.idempotency import create_once, page_token, token_from
from inclusion_tracker.core.permissions import (
    MANAGE_TEAM,
    requires_any_permission,
    requires_permission,
)
from inclusion_tracker.support.access import (
    BROWSE_PERMISSIONS,
    get_rule_for,
    get_service_for,
)
from inclusion_tracker.support.forms import (
    DirectoryFilterForm,
    OutreachSchoolsForm,
    ServiceForm,
    SuggestionRuleForm,
)
from inclusion_tracker.support.models import Service, SuggestionRule


@requires_any_permission(*BROWSE_PERMISSIONS)
def service_list(request):
    form = DirectoryFilterForm(request.GET)
    services = list(form.services())
    filtered = any(request.GET.get(key) for key in ("q", "age", "need", "retired"))
    return render(
        request,
        "support/service_list.html",
        {"form": form, "services": services, "filtered": filtered},
    )


@requires_any_permission(*BROWSE_PERMISSIONS)
def service_detail(request, pk):
    service = get_service_for(request.user, pk)
    outreach_schools = (
        service.outreach_schools.order_by("name") if service.is_school_outreach else []
    )
    return render(
        request,
        "support/service_detail.html",
        {"service": service, "outreach_schools": outreach_schools},
    )


@requires_permission(MANAGE_TEAM)
def service_add(request):
    token = token_from(request) if request.method == "POST" else None
    if token:
        already = Service.objects.filter(form_token=token).first()
        if already is not None:  # the same form sent again
            return redirect(already)
    form = ServiceForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def create():
            service = form.save(commit=False)
            service.form_token = token
            service.save()
            form.save_m2m()
            AuditEvent.objects.record(
                request, action=Action.CREATE, obj=service, summary=f"Added service {service.name}"
            )
            return service

        try:
            service, created = create_once(Service, token, create)
        except IntegrityError:
            # Another manager added a service of this name just now.
            if not invalid_on_second_look(form):
                raise
        else:
            if created:
                messages.success(request, f"{service.name} has been added to the directory")
            return redirect(service)
    return render(
        request, "support/service_form.html", {"form": form, "form_token": page_token(request)}
    )


@requires_permission(MANAGE_TEAM)
def service_edit(request, pk):
    service = get_service_for(request.user, pk)
    if request.method != "POST":
        form = ServiceForm(instance=service)
    else:
        with transaction.atomic():
            # Locked while the form checks it was not changed meanwhile, so
            # two saves at once cannot both pass that check.
            form = ServiceForm(request.POST, instance=lock_for_update(service))
            if form.is_valid():
                changed = [name for name in form.changed_data if name != "last_updated"]
                try:
                    with transaction.atomic():
                        form.save()
                except IntegrityError:
                    # Another service took this name just now. (The failed
                    # save stamped a new updated_at on the instance.)
                    form.instance.refresh_from_db(fields=["updated_at"])
                    if not invalid_on_second_look(form):
                        raise
                else:
                    AuditEvent.objects.record(
                        request,
                        action=Action.UPDATE,
                        obj=service,
                        summary=f"Changed {', '.join(changed) or 'nothing'}",
                    )
                    messages.success(request, "Your changes have been saved")
                    return redirect(service)
    return render(request, "support/service_form.html", {"form": form, "service": service})


@requires_permission(MANAGE_TEAM)
def service_retire(request, pk):
    """Takes the service out of the directory; its page and anything recorded
    against it stay."""
    service = get_service_for(request.user, pk)
    if not service.active:
        return redirect(service)
    if request.method == "POST":
        with transaction.atomic():
            service.retire()
            AuditEvent.objects.record(
                request, action=Action.DEACTIVATE, obj=service, summary="Retired service"
            )
        messages.success(request, f"{service.name} has been retired")
        return redirect(service)
    return render(request, "support/service_confirm.html", {"service": service, "retire": True})


@requires_permission(MANAGE_TEAM)
def service_reinstate(request, pk):
    service = get_service_for(request.user, pk)
    if service.active:
        return redirect(service)
    if request.method == "POST":
        with transaction.atomic():
            service.reinstate()
            AuditEvent.objects.record(
                request, action=Action.REACTIVATE, obj=service, summary="Reinstated service"
            )
        messages.success(request, f"{service.name} is back in the directory")
        return redirect(service)
    return render(request, "support/service_confirm.html", {"service": service, "retire": False})


@requires_permission(MANAGE_TEAM)
def outreach_schools(request, pk):
    """The special schools that offer the outreach service."""
    service = get_service_for(request.user, pk)
    if not service.is_school_outreach:
        raise Http404("This service does not list outreach schools")
    form = OutreachSchoolsForm(posted(request), service=service)
    if request.method == "POST" and form.is_valid():
        before = set(service.outreach_schools.all())
        after = set(form.cleaned_data["schools"])
        if before != after:
            with transaction.atomic():
                service.outreach_schools.set(after)
                service.save(update_fields=["updated_at"])
                AuditEvent.objects.record(
                    request,
                    action=Action.UPDATE,
                    obj=service,
                    summary=outreach_change_summary(added=after - before, removed=before - after),
                )
        messages.success(request, "The outreach schools have been saved")
        return redirect(service)
    return render(
        request,
        "support/outreach_schools.html",
        {
            "form": form,
            "service": service,
            "has_choices": form.schools_offered.exists(),
        },
    )


def outreach_change_summary(*, added, removed) -> str:
    parts = []
    if added:
        parts.append("added " + ", ".join(sorted(e.urn for e in added)))
    if removed:
        parts.append("removed " + ", ".join(sorted(e.urn for e in removed)))
    return "Outreach schools: " + "; ".join(parts)


# Suggestion rules: when a service is suggested on a child's page ----------------


def rule_summary(rule) -> str:
    """What a rule is, for audit summaries: the service and condition, never a child."""
    return f"{rule.service.name}; {rule.condition_label}; ages {rule.age_label}"


@requires_permission(MANAGE_TEAM)
def rule_list(request):
    rules = list(SuggestionRule.objects.for_list())
    return render(request, "support/rule_list.html", {"rules": rules})


@requires_permission(MANAGE_TEAM)
def rule_add(request):
    form = SuggestionRuleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        token = token_from(request)

        def create():
            rule = form.save(commit=False)
            rule.form_token = token
            rule.save()
            AuditEvent.objects.record(
                request,
                action=Action.CREATE,
                obj=rule,
                summary=f"Added suggestion rule: {rule_summary(rule)}",
            )
            return rule

        rule, created = create_once(SuggestionRule, token, create)
        if created:
            messages.success(request, f"The rule suggesting {rule.service.name} has been added")
        return redirect("support:rules")
    return render(
        request, "support/rule_form.html", {"form": form, "form_token": page_token(request)}
    )


@requires_permission(MANAGE_TEAM)
def rule_edit(request, pk):
    rule = get_rule_for(request.user, pk)
    form = SuggestionRuleForm(posted(request), instance=rule)
    if request.method == "POST" and form.is_valid():
        changed = [name for name in form.changed_data if name != "last_updated"]
        with transaction.atomic():
            form.save()
            AuditEvent.objects.record(
                request,
                action=Action.UPDATE,
                obj=rule,
                summary=f"Changed suggestion rule ({', '.join(changed) or 'nothing'}): "
                f"{rule_summary(rule)}",
            )
        messages.success(request, "Your changes to the rule have been saved")
        return redirect("support:rules")
    return render(request, "support/rule_form.html", {"form": form, "rule": rule})


@requires_permission(MANAGE_TEAM)
def rule_turn_off(request, pk):
    """A rule is turned off, not deleted: it can be turned on again, and its
    audit trail keeps pointing at it."""
    return _rule_switch(request, pk, on=False)


@requires_permission(MANAGE_TEAM)
def rule_turn_on(request, pk):
    return _rule_switch(request, pk, on=True)


def _rule_switch(request, pk, *, on: bool):
    rule = get_rule_for(request.user, pk)
    if rule.active == on:
        return redirect("support:rules")
    if request.method == "POST":
        with transaction.atomic():
            if on:
                rule.turn_on()
            else:
                rule.turn_off()
            AuditEvent.objects.record(
                request,
                action=Action.REACTIVATE if on else Action.DEACTIVATE,
                obj=rule,
                summary=f"Turned {'on' if on else 'off'} suggestion rule: {rule_summary(rule)}",
            )
        messages.success(
            request,
            f"The rule suggesting {rule.service.name} is {'on' if on else 'off'}",
        )
        return redirect("support:rules")
    return render(request, "support/rule_confirm.html", {"rule": rule, "turn_on": on})
