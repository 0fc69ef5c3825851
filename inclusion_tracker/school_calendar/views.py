"""Term dates pages, for team managers: their local authority's terms and
non-school days, and its establishments' own (school_calendar/access.py).
Every change is audited."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.concurrency import invalid_on_second_look, lock_for_update
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.idempotency import create_once, page_token, token_from
from inclusion_tracker.core.permissions import MANAGE_TEAM, requires_permission
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.school_calendar.access import (
    get_establishment_for,
    get_non_school_day_for,
    get_term_for,
    local_authority_for,
)
from inclusion_tracker.school_calendar.forms import (
    NonSchoolDayForm,
    TermEditForm,
    TermForm,
    UploadForm,
)
from inclusion_tracker.school_calendar.loader import (
    COLUMNS,
    MAX_ERRORS_SHOWN,
    TermDatesFileError,
    load_term_dates,
)
from inclusion_tracker.school_calendar.models import NonSchoolDay, Owner, Term, owner_label
from inclusion_tracker.school_calendar.overview import (
    current_year,
    years_for,
    years_without_la_term_dates,
)
from inclusion_tracker.school_calendar.school_days import establishments_with_own_calendar

SEARCH_RESULTS_SHOWN = 20


def _establishment(owner: Owner) -> Establishment | None:
    """The establishment whose own dates these are; None for the LA's."""
    return owner if isinstance(owner, Establishment) else None


def _page_for(owner: Owner) -> str:
    establishment = _establishment(owner)
    if establishment is None:
        return reverse("school_calendar:list")
    return reverse("school_calendar:establishment", args=[establishment.urn])


def _owner(request, urn) -> Owner:
    """An establishment of the manager's LA (by URN), else their LA."""
    if urn:
        return get_establishment_for(request.user, urn)
    return local_authority_for(request.user)


def _shown_years(request, years):
    """Last school year onwards, unless ?all=1 asks for the earlier ones too."""
    if request.GET.get("all"):
        return years, 0
    since = current_year() - 1
    shown = [year for year in years if year.academic_year >= since]
    return shown, len(years) - len(shown)


@requires_permission(MANAGE_TEAM)
def term_dates(request):
    authority = local_authority_for(request.user)
    terms = Term.objects.for_owner(authority)
    days = NonSchoolDay.objects.for_owner(authority)
    this_year = current_year()
    years, earlier = _shown_years(
        request, years_for(authority, terms, days, wanted=(this_year, this_year + 1))
    )
    own = (
        Establishment.objects.filter(
            pk__in=establishments_with_own_calendar(), la_code=authority.code
        )
        .annotate(
            term_count=Count("terms", distinct=True),
            day_count=Count("non_school_days", distinct=True),
        )
        .order_by("name")
    )
    query = request.GET.get("q", "").strip()[:100]
    results = (
        list(
            Establishment.objects.filter(la_code=authority.code)
            .search(query)
            .order_by("name")[: SEARCH_RESULTS_SHOWN + 1]
        )
        if query
        else []
    )
    return render(
        request,
        "school_calendar/list.html",
        {
            "years": years,
            "earlier": earlier,
            "missing_years": years_without_la_term_dates(authority.code),
            "own": list(own),
            "query": query,
            "results": results[:SEARCH_RESULTS_SHOWN],
            "more_results": len(results) > SEARCH_RESULTS_SHOWN,
        },
    )


@requires_permission(MANAGE_TEAM)
def establishment_term_dates(request, urn):
    establishment = get_establishment_for(request.user, urn)
    this_year = current_year()
    years, earlier = _shown_years(
        request,
        years_for(
            establishment,
            Term.objects.for_owner(establishment),
            NonSchoolDay.objects.for_owner(establishment),
            wanted=(this_year, this_year + 1),
        ),
    )
    return render(
        request,
        "school_calendar/establishment.html",
        {"establishment": establishment, "years": years, "earlier": earlier},
    )


def _term_summary(term) -> str:
    return f"{term.name} {term.year_label} ({term.dates_label}) for {term.owner_label}"


def _day_summary(day) -> str:
    return f"{day.get_kind_display()} on {day.date:%Y-%m-%d} for {day.owner_label}"


def _add_once(request, form, model, token, summary):
    """Save a valid add form's new term or non-school day once per form
    token, with its audit event (`summary(obj)`). None when another
    manager's save took its place between the form's check and this one:
    the form then says so (`invalid_on_second_look`)."""

    def create():
        form.instance.form_token = token
        obj = form.save()
        AuditEvent.objects.record(request, action=Action.CREATE, obj=obj, summary=summary(obj))
        return obj

    try:
        obj, _ = create_once(model, token, create)
    except IntegrityError:
        if not invalid_on_second_look(form):
            raise
        return None
    return obj


def _add_page(request, template: str, form, owner: Owner):
    return render(
        request,
        template,
        {
            "form": form,
            "establishment": _establishment(owner),
            "owner": owner_label(owner),
            "back": _page_for(owner),
            "form_token": page_token(request),
        },
    )


@requires_permission(MANAGE_TEAM)
def term_add(request, urn=None):
    owner = _owner(request, urn)
    form = TermForm(request.POST if request.method == "POST" else None, owner=owner)
    token = token_from(request) if request.method == "POST" else None
    if request.method == "POST":
        with transaction.atomic():
            # Two saves for the same owner check for overlaps one after the other.
            Term.objects.lock_for_owner(owner)
            if token and Term.objects.filter(form_token=token).exists():
                return redirect(_page_for(owner))  # sent twice: added the first time
            # A term of this name added by another manager just now: None.
            term = form.is_valid() and _add_once(
                request, form, Term, token, lambda term: f"Added term {_term_summary(term)}"
            )
            if term:
                messages.success(request, f"{term.name} {term.year_label} has been added")
                return redirect(_page_for(owner))
    return _add_page(request, "school_calendar/term_form.html", form, owner)


@requires_permission(MANAGE_TEAM)
def term_edit(request, pk):
    term = get_term_for(request.user, pk)
    owner = _term_owner(term)
    if request.method == "POST":
        with transaction.atomic():
            # The owner's terms (this one among them) stay locked until the
            # save, so neither the version nor the overlap check goes stale.
            Term.objects.lock_for_owner(owner)
            try:
                locked = lock_for_update(term)
            except Term.DoesNotExist:
                raise Http404("Deleted since the page was opened") from None
            form = TermEditForm(request.POST, instance=locked, owner=owner)
            if form.is_valid():
                changed = form.changed_fields
                saved = form.save()
                AuditEvent.objects.record(
                    request,
                    action=Action.UPDATE,
                    obj=saved,
                    summary=f"Changed {', '.join(changed) or 'nothing'}: "
                    f"term {_term_summary(saved)}",
                )
                messages.success(
                    request, f"Your changes to {saved.name} {saved.year_label} have been saved"
                )
                return redirect(_page_for(owner))
    else:
        form = TermEditForm(instance=term, owner=owner)
    return render(
        request,
        "school_calendar/term_form.html",
        {
            "form": form,
            "term": term,
            "establishment": _establishment(owner),
            "owner": owner_label(owner),
            "back": _page_for(owner),
        },
    )


def _term_owner(obj: Term | NonSchoolDay) -> Owner:
    owner = obj.owner
    if owner is None:  # an LA code outside England's 153: not one to keep here
        raise Http404("No such local authority")
    return owner


def _delete_page(request, obj, *, template: str, name: str, summary: str, deleted: str):
    """Ask before deleting a term or a non-school day; on POST delete it,
    audited in the same transaction, and go back to its calendar."""
    back = _page_for(_term_owner(obj))
    if request.method == "POST":
        with transaction.atomic():
            AuditEvent.objects.record(request, action=Action.DELETE, obj=obj, summary=summary)
            obj.delete()
        messages.success(request, f"{deleted} has been deleted")
        return redirect(back)
    return render(request, template, {name: obj, "back": back})


@requires_permission(MANAGE_TEAM)
def term_delete(request, pk):
    term = get_term_for(request.user, pk)
    return _delete_page(
        request,
        term,
        template="school_calendar/term_delete.html",
        name="term",
        summary=f"Deleted term {_term_summary(term)}",
        deleted=f"{term.name} {term.year_label}",
    )


@requires_permission(MANAGE_TEAM)
def day_add(request, urn=None):
    owner = _owner(request, urn)
    form = NonSchoolDayForm(request.POST if request.method == "POST" else None, owner=owner)
    token = token_from(request) if request.method == "POST" else None
    if token and NonSchoolDay.objects.filter(form_token=token).exists():
        return redirect(_page_for(owner))  # sent twice: added the first time
    # This day added by another manager just now: None.
    day = (
        request.method == "POST"
        and form.is_valid()
        and _add_once(
            request,
            form,
            NonSchoolDay,
            token,
            lambda day: f"Added non-school day: {_day_summary(day)}",
        )
    )
    if day:
        messages.success(
            request, f"{day.get_kind_display()} on {govuk_date(day.date)} has been added"
        )
        return redirect(_page_for(owner))
    return _add_page(request, "school_calendar/day_form.html", form, owner)


@requires_permission(MANAGE_TEAM)
def day_delete(request, pk):
    day = get_non_school_day_for(request.user, pk)
    return _delete_page(
        request,
        day,
        template="school_calendar/day_delete.html",
        name="day",
        summary=f"Deleted non-school day: {_day_summary(day)}",
        deleted=f"{day.get_kind_display()} on {govuk_date(day.date)}",
    )


@requires_permission(MANAGE_TEAM)
def upload(request):
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            loaded = load_term_dates(
                upload_file.read(),
                local_authority=local_authority_for(request.user),
                mode=form.cleaned_data["mode"],
                request=request,
                source=upload_file.name[:60],
            )
        except TermDatesFileError as error:
            for message in error.errors[:MAX_ERRORS_SHOWN]:
                form.add_error("file", message)
            more = len(error.errors) - MAX_ERRORS_SHOWN
            if more > 0:
                form.add_error(
                    "file", f"There are {more} more problems: fix these and upload the file again"
                )
        else:
            for owner_year in loaded:
                messages.success(request, f"Loaded {owner_year.summary}")
            return redirect("school_calendar:list")
    return render(request, "school_calendar/upload.html", {"form": form, "columns": COLUMNS})
