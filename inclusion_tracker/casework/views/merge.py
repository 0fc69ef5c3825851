"""Merging two records of the same child (LA staff), and listing and
reversing merges (administrators only)."""

from typing import Any, cast

from django.contrib import messages
from django.db import models, transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render

from inclusion_tracker.audit.lists import render_list
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.access import (
    can_manage_merges,
    get_casework_child_for,
    get_merge_for,
)
from inclusion_tracker.casework.forms.merge import MergeForm, ReverseMergeForm
from inclusion_tracker.casework.merging import (
    MergeNotAllowed,
    blocking_merge,
    check_can_merge,
    check_can_reverse,
    merge,
    reverse,
)
from inclusion_tracker.casework.models import ChildMerge
from inclusion_tracker.children.flags import FLAGS
from inclusion_tracker.children.models import Child
from inclusion_tracker.core.forms import posted
from inclusion_tracker.core.permissions import LA_ACCESS, hidden_without_permission

SEARCH_RESULTS = 50


@hidden_without_permission(LA_ACCESS)
def choose(request, pk):
    """Find the other record of this child, by UPN, name or date of birth,
    among the records of the user's local authorities."""
    child = get_casework_child_for(request.user, pk)
    if child.merged_into_id:
        return redirect("casework:child", child.pk)
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        results = Child.objects.exclude(pk=child.pk).lookup(request.user, query, SEARCH_RESULTS)
        # The search words are not stored: they may be a child's name.
        AuditEvent.objects.record(
            request,
            action=Action.SEARCH,
            summary=f"Search for a record to merge: {len(results)} found",
        )
    AuditEvent.objects.record(
        request,
        action=Action.VIEW,
        obj=child,
        child=child,
        summary="Looked for a record to merge with",
    )
    return render(
        request,
        "casework/merge_choose.html",
        {"child": child, "q": query, "results": results, "limit": SEARCH_RESULTS},
    )


def _with_counts(pk):
    return (
        Child.objects.select_related("current_establishment", "merged_into")
        .annotate(
            notification_count=Count("notifications", distinct=True),
            episode_count=Count("episodes", distinct=True),
            note_count=Count("notes", distinct=True),
        )
        .get(pk=pk)
    )


@hidden_without_permission(LA_ACCESS)
def confirm(request, pk, other_pk):
    """The two records side by side: choose which to keep and say why."""
    child = get_casework_child_for(request.user, pk)
    other = get_casework_child_for(request.user, other_pk)
    children = (_with_counts(child.pk), _with_counts(other.pk)) if child.pk != other.pk else ()
    refusal = ""
    try:
        check_can_merge(child, other)
    except MergeNotAllowed as error:
        refusal = str(error)
    form = MergeForm(posted(request), children=children)
    if request.method == "POST" and not refusal and form.is_valid():
        kept, merged = form.cleaned_data["kept"], form.cleaned_data["merged"]
        try:
            # The audit events commit with the merge, or not at all.
            with transaction.atomic():
                record = merge(kept, merged, by=request.user, reason=form.cleaned_data["reason"])
                for each in (kept, merged):
                    AuditEvent.objects.record(
                        request,
                        action=Action.MERGE,
                        obj=record,
                        child=each,
                        summary=f"Merged child record {merged.pk} into {kept.pk}",
                    )
        except MergeNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The records have been merged")
            return redirect("casework:child", kept.pk)
    for each in {child.pk: child, other.pk: other}.values():
        AuditEvent.objects.record(
            request,
            action=Action.VIEW,
            obj=each,
            child=each,
            summary="Compared records to merge",
        )
    context: dict[str, Any] = {"child": child, "other": other, "children": children}
    if refusal:
        context["page_error"] = {"text": refusal, "href": None}
    else:
        context["form"] = form
    return render(request, "casework/merge_confirm.html", context)


@hidden_without_permission(LA_ACCESS)
def merge_list(request):
    if not can_manage_merges(request.user):
        raise Http404("No such page")
    return render_list(
        request,
        "casework/merge_list.html",
        ChildMerge.objects.visible_to(request.user).select_related(
            "kept", "merged", "merged_by", "reversed_by"
        ),
        listed="merges",
    )


def _label(field: str) -> str:
    return str(cast(models.Field, Child._meta.get_field(field)).verbose_name)


@hidden_without_permission(LA_ACCESS)
def merge_detail(request, pk):
    """A merge's details and, until it is reversed, the form to reverse it
    (or why it cannot be reversed yet)."""
    record = get_merge_for(request.user, pk)
    form = ReverseMergeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            # The audit events commit with the reversal, or not at all.
            with transaction.atomic():
                reverse(record, by=request.user)
                for each in (record.kept, record.merged):
                    AuditEvent.objects.record(
                        request,
                        action=Action.UNMERGE,
                        obj=record,
                        child=each,
                        summary=f"Reversed the merge of child record {record.merged_id} "
                        f"into {record.kept_id}",
                    )
        except MergeNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The merge has been reversed")
            return redirect("casework:merge-detail", record.pk)
    AuditEvent.objects.record(
        request, action=Action.VIEW, obj=record, child=record.kept, summary="Viewed a merge"
    )
    context = {
        "record": record,
        "form": form,
        "filled": [_label(name) for name in record.filled],
        "flags": [flag.label for flag in FLAGS if flag.field in record.moved.get("flags", [])],
    }
    if not record.is_reversed:
        try:
            check_can_reverse(record, record.kept, record.merged)
        except MergeNotAllowed as error:
            context["page_error"] = {"text": str(error), "href": None}
            context["blocking"] = blocking_merge(record)
            context.pop("form")  # the refusal replaces the form and its errors
    return render(request, "casework/merge_detail.html", context)
