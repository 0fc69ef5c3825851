"""Worklists: the index with each list's count, and one list, filtered and
sorted on the server (MoJ filter and sortable-table patterns, no JavaScript
needed). Team managers assign or reassign many episodes at once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from inclusion_tracker.audit.lists import render_list
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.access import can_assign_episodes
from inclusion_tracker.casework.filters import WorklistFilters
from inclusion_tracker.casework.forms.worklists import BulkAssignForm, assignable, la_staff
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.casework.signals import worklists_page_shown
from inclusion_tracker.casework.worklists import (
    BY_SLUG,
    DEFAULT_SORT,
    SORT_KEYS,
    WORKLISTS,
    sorted_episodes,
)
from inclusion_tracker.core.permissions import LA_ACCESS, hidden_without_permission
from inclusion_tracker.core.signals import page_context
from inclusion_tracker.school_calendar import deadlines


@hidden_without_permission(LA_ACCESS)
def index(request):
    """Every worklist with how many episodes it holds: one count each."""
    today = timezone.localdate()
    worklists = [
        {"worklist": worklist, "count": worklist.episodes(request.user, today).count()}
        for worklist in WORKLISTS
    ]
    context = {
        "worklists": worklists,
        # Referrals to support services open too long (referrals/receivers.py).
        **page_context(worklists_page_shown, sender=None, user=request.user, today=today),
    }
    return render(request, "casework/worklist_index.html", context)


@hidden_without_permission(LA_ACCESS)
def worklist(request, slug):
    wl = BY_SLUG.get(slug)
    if wl is None:
        raise Http404("No such worklist")
    can_assign = can_assign_episodes(request.user)
    if request.method == "POST" and not can_assign:
        raise PermissionDenied
    staff = list(la_staff())
    form = None
    if can_assign:
        data = request.POST if request.method == "POST" else None
        form = BulkAssignForm(data, staff=staff)
        if request.method == "POST" and form.is_valid():
            _assign(request, form.cleaned_data["episodes"], form.cleaned_data["owner"])
            return redirect(request.get_full_path())

    today = timezone.localdate()
    filters = WorklistFilters(
        request.GET, wl.episodes(request.user, today), worklist=wl, staff=staff
    )
    sort = request.GET.get("sort", "")
    direction = request.GET.get("dir", "")
    if sort not in SORT_KEYS:
        sort, direction = DEFAULT_SORT
    if direction not in ("asc", "desc"):
        direction = "asc"

    def row(episode) -> dict:
        key_date = getattr(episode, wl.date_field)
        overdue = wl.overdue_when_past and deadlines.is_overdue(
            key_date, today, episode.establishment, episode.child.local_authority_id
        )
        return {"episode": episode, "key_date": key_date, "overdue": overdue}

    # The rows ticked before a refused post stay ticked ("id:version" each).
    posted = (
        {value.split(":")[0] for value in request.POST.getlist("episodes")}
        if request.method == "POST"
        else set()
    )
    return render_list(
        request,
        "casework/worklist.html",
        sorted_episodes(filters.qs.with_list_details(), wl, sort, direction),
        listed=f"worklist {wl.title}",
        row=row,
        context={
            "worklist": wl,
            "filter_form": filters.form,
            "selected_filters": _selected_filters(request, filters.form, filters.chosen),
            "clear_filters_url": _url(request, keep=("sort", "dir")),
            "headers": _headers(request, wl, sort, direction),
            "form": form,
            "selected_ids": posted,
            "today": today,
        },
    )


def _assign(request, chosen: list[tuple[Episode, int]], owner) -> None:
    """Assign each ticked episode still open at the version the page showed
    (each writes its own event and audit event); rows someone changed since
    are left alone and reported. One transaction, rows locked."""
    shown = {episode.pk: version for episode, version in chosen}
    changed = skipped = 0
    with transaction.atomic():
        locked = Episode.objects.select_for_update(of=("self",)).filter(pk__in=list(shown))
        seen = 0
        for episode in locked.select_related("child", "owner").order_by("pk"):
            seen += 1
            if not assignable(episode, shown[episode.pk]):
                skipped += 1
                continue
            if episode.assign(owner, by=request.user) is None:
                continue  # already theirs: nothing to change
            changed += 1
            AuditEvent.objects.record(
                request,
                action=Action.UPDATE,
                obj=episode,
                child=episode.child,
                summary="Assigned episode to another officer" if owner else "Unassigned episode",
            )
        skipped += len(shown) - seen  # gone since the page was shown
    verb = "unassigned" if owner is None else "assigned"
    done = verb if owner is None else f"{verb} to {owner}"
    if changed:
        first = f"{_episodes(changed)} {done}"
    elif not skipped:
        first = f"Nothing changed: the episodes selected were already {done}"
    else:
        first = ""
    if not skipped:
        messages.success(request, first)
        return
    was, them = ("was", "it") if skipped == 1 else ("were", "them")
    refused = (
        f"{_episodes(skipped)} {was} not {verb} because someone changed {them} "
        f"after you opened the page: check {them} and try again."
    )
    messages.warning(request, f"{first}. {refused}" if first else refused)


def _episodes(count: int) -> str:
    return f"{count} episode{'' if count == 1 else 's'}"


def _url(request, *, keep=None, drop=(), drop_value=None, **changes) -> str:
    """This page's URL with some query parameters kept, dropped or changed;
    the page number always goes (the rows change)."""
    query = request.GET.copy()
    if keep is not None:
        for key in list(query):
            if key not in keep:
                del query[key]
    for key in (*drop, "page"):
        query.pop(key, None)
    if drop_value:
        key, value = drop_value
        query.setlist(key, [item for item in query.getlist(key) if item != value])
    for key, value in changes.items():
        query[key] = value
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def _selected_filters(request, filter_form, chosen: dict) -> list[dict]:
    """Each chosen filter as a heading and tags, each tag a link that removes it."""
    categories = []
    for name, value in chosen.items():
        field = filter_form.fields[name]
        labels = (
            {str(key): label for key, label in field.choices} if name != "establishment" else {}
        )
        if name == "flags":
            items = [
                {"text": labels[flag], "href": _url(request, drop_value=("flags", flag))}
                for flag in value
            ]
        else:
            text = labels.get(value, value)
            items = [{"text": text, "href": _url(request, drop=(name,))}]
        categories.append({"heading": field.label, "items": items})
    return categories


def _headers(request, wl, sort: str, direction: str) -> list[dict]:
    columns = (
        ("child", "Child"),
        ("type", "Type"),
        ("status", "Status"),
        ("date", wl.date_label),
        ("establishment", "Establishment"),
        ("owner", "Owner"),
    )
    headers = []
    for key, label in columns:
        current = key == sort
        next_direction = "desc" if current and direction == "asc" else "asc"
        headers.append(
            {
                "key": key,
                "label": label,
                "aria_sort": (
                    ("ascending" if direction == "asc" else "descending") if current else "none"
                ),
                "href": _url(request, sort=key, dir=next_direction),
            }
        )
    return headers
