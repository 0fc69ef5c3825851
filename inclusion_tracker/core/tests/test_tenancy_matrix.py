"""Two local authorities in one service (issue 14, item 2): a role x URL
matrix proving that LA 856's staff and school users reach none of LA 855's
objects, and that their lists, searches and counts hold none of LA 855's rows.

The world (core/tests/tenancy_world.py) gives each LA a school, its school
user and main contact, an officer, a team manager and an administrator, and a
child with an object of every kind a URL names. It is built once for the
module, as test_fuzz_forms.py's is, inside a transaction rolled back at the
end; each test runs in a savepoint within it, so a POST changes nothing for
the next test.

PAGES lists every URL pattern of the service. A page that names an object
(`ObjectPage`) says which of an LA's objects to open it with and what each
role of LA 856 gets for its own LA's object today; every other URL says why it
is not in the matrix. A new URL fails
`test_every_url_is_in_the_matrix_or_says_why_not` until it is listed.

- `test_our_own_object_answers_as_today`: LA 856's roles open LA 856's
  objects (GET, then POST with an empty body) and get what they get today:
  the URLs and objects of the matrix are right.
- `test_another_las_object_is_not_found`: the same roles open LA 855's
  objects (and, for a page naming two, one of each LA's): 404, or 403 or 405
  where they get that for their own LA's object too (no access to the page,
  or a page that takes no GET), never 200 or 302; and neither the database
  nor the outbox changes. A handover belongs to both LAs it names, so
  LA 855's handovers in the world are with third LAs (to Rutland, from
  Staffordshire).
- `test_a_list_shows_only_our_las_rows` (LIST_PAGES): lists, searches,
  worklists, inboxes and pickers show none of LA 855's children (names, UPNs,
  notification references), staff or schools, and do show LA 856's.
- `test_a_count_counts_only_our_las_rows` (COUNTS): the home page's and the
  worklists page's counts count LA 856's rows only.

The cases that fail until the scoping is written are marked
`xfail(strict=True)` through NOT_SCOPED_YET, LISTS_NOT_SCOPED_YET and
COUNTS_NOT_SCOPED_YET: delete an entry as its scoping lands (strict: a case
that starts passing fails until its entry is deleted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core import mail
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.accounts.models import User
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.casework.worklists import WORKLISTS
from inclusion_tracker.core.tests.helpers import (
    data_for_the_module,
    first_group,
    page_text,
    url_names,
)
from inclusion_tracker.core.tests.tenancy_world import (
    LA_STAFF,
    ROLES,
    SCHOOL_STAFF,
    Tenant,
    World,
    build_world,
)
from inclusion_tracker.handovers.models import Handover
from inclusion_tracker.notifications.models import Kind, Notification
from inclusion_tracker.referrals.models import Referral
from inclusion_tracker.school_calendar import school_days

pytestmark = pytest.mark.django_db

NOT_SCOPED = "tenancy not scoped yet: issue 14"
ROLE_NAMES = tuple(ROLES)  # officer, manager, admin, school_user, main_contact


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back at its end."""
    yield from data_for_the_module(django_db_blocker, build_world)


@pytest.fixture(autouse=True)
def school_days_read_the_worlds_term_dates(fresh_school_days_cache):
    """The conftest tells the school days each test starts with no term
    dates; this world has some (its schools' own)."""
    school_days.clear_cache()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# The pages that name an object ------------------------------------------------------------


def answers(text: str) -> dict[str, int]:
    """What each role gets, written in ROLE_NAMES' order:
    "200 200 200 404 404" is officer, manager, administrator, school user,
    school main contact."""
    codes = [int(code) for code in text.split()]
    assert len(codes) == len(ROLE_NAMES), text
    return dict(zip(ROLE_NAMES, codes, strict=True))


# The usual ladders, for an LA's own object (officer manager admin school_user main_contact).
CASEWORK = "200 200 200 404 404"  # LA staff; school users are told nothing exists
ADMINISTRATORS = "404 404 200 404 404"
SCHOOLS = "403 403 403 200 200"
TERM_DATES = "403 200 403 403 403"  # team managers keep them
OTHER_SIDE = "403 403 403 404 404"  # a handover's step for the other LA to take


@dataclass(frozen=True)
class ObjectPage:
    # The URL's arguments naming an LA's object, by a label for the test's id.
    objects: dict[str, Callable[[Tenant], dict]]
    # What each role of an LA gets for its own LA's object (`answers`), or
    # by label where the objects differ.
    get: str | dict[str, str]
    # The same for a POST with an empty body; None: as for GET.
    post: str | dict[str, str] | None = None
    # Arguments naming one of our objects and one of theirs: (ours, theirs) ->
    # kwargs. Only asked of the other LA's test: any answer but "not found"
    # would let one LA act on the other's object through its own.
    mixed: dict[str, Callable[[Tenant, Tenant], dict]] = field(default_factory=dict)

    def own_answers(self, label: str, role: str) -> dict[str, int]:
        """What `role` gets for its own LA's object `label` (for a mixed
        label: the page's one answer for every object)."""
        get = self.get[label] if isinstance(self.get, dict) else self.get
        post = self.post[label] if isinstance(self.post, dict) else self.post
        return {"GET": answers(get)[role], "POST": answers(post or get)[role]}


def child(t: Tenant) -> dict:
    return {"pk": t.child}


def child_pk(t: Tenant) -> dict:
    return {"child_pk": t.child}


def urn(t: Tenant) -> dict:
    return {"urn": t.school.urn}


def user(key: str) -> Callable[[Tenant], dict]:
    return lambda t: {"pk": t.users[key].pk}


def episode(kind: str) -> Callable[[Tenant], dict]:
    return lambda t: {"pk": t.episodes[kind]}


def notification(kind: str) -> Callable[[Tenant], dict]:
    return lambda t: {"reference": t.notifications[kind]}


def untriaged(t: Tenant) -> dict:
    return {"reference": t.untriaged}


def draft(t: Tenant) -> dict:
    return {"reference": t.draft}


def referral(t: Tenant) -> dict:
    return {"pk": t.referral}


EVERY_EPISODE = {kind: episode(kind) for kind in [*EpisodeKind.values, "awaiting_approval"]}
TWO_EPISODES = {kind: episode(kind) for kind in ("cme_enquiry", "part_time_timetable")}
EVERY_NOTIFICATION = {
    **{kind: notification(kind) for kind in Kind.values},
    "untriaged": untriaged,
}
BY_US, TO_US = "handed over by the LA", "handed over to the LA"
HANDOVERS: dict[str, Callable[[Tenant], dict]] = {
    BY_US: lambda t: {"pk": t.handover_out},
    TO_US: lambda t: {"pk": t.handover_in},
}
USERS = {"their school user": user("school_user"), "their officer": user("officer")}

LIST = "a list, search or inbox: LIST_PAGES"
COUNTED = "counts: COUNTS"
NO_OBJECT = "names no object of an LA"
SHARED = "the support directory: shared by every LA (a service has no LA)"

PAGES: dict[str, ObjectPage | str] = {
    "healthz": "no user and no object",
    "core:home": COUNTED,
    # Accounts
    "accounts:sign-in": NO_OBJECT,
    "accounts:sign-out": NO_OBJECT,
    "accounts:signed-out": NO_OBJECT,
    "accounts:two-factor-setup": "the user's own account",
    "accounts:two-factor-verify": "the user's own account",
    "accounts:two-factor-email-code": "the user's own account",
    "accounts:profile": "the user's own account",
    "accounts:change-password": "the user's own account",
    "accounts:password-reset": NO_OBJECT,
    "accounts:password-reset-sent": NO_OBJECT,
    "accounts:password-reset-confirm": "a signed token for one user, not an id",
    "accounts:password-reset-complete": NO_OBJECT,
    "accounts:users": LIST,
    "accounts:user-create": NO_OBJECT,
    "accounts:user-detail": ObjectPage(USERS, "403 403 200 403 403"),
    "accounts:user-edit": ObjectPage(USERS, "403 403 200 403 403"),
    "accounts:user-set-active": ObjectPage(
        USERS, "405 405 405 405 405", post="403 403 302 403 403"
    ),
    "accounts:user-reset-two-factor": ObjectPage(
        USERS, "405 405 405 405 405", post="403 403 302 403 403"
    ),
    "accounts:user-unlock": ObjectPage(USERS, "405 405 405 405 405", post="403 403 302 403 403"),
    "accounts:team": LIST,
    "accounts:team-invite": NO_OBJECT,
    "accounts:team-join": "a signed invitation token, not an id",
    "accounts:team-remove": ObjectPage(
        {"their school user": user("school_user")},
        "403 403 403 403 200",
        post="403 403 403 403 302",
    ),
    # Children and casework
    "children:list": LIST,
    "children:add": NO_OBJECT,
    "casework:triage": LIST,
    "casework:triage-match": ObjectPage({"untriaged": untriaged}, CASEWORK),
    "casework:triage-link": ObjectPage(
        {"untriaged, child": lambda t: {"reference": t.untriaged, "child_pk": t.child}},
        CASEWORK,
        mixed={
            "our untriaged, their child": lambda ours, theirs: {
                "reference": ours.untriaged,
                "child_pk": theirs.child,
            },
            "their untriaged, our child": lambda ours, theirs: {
                "reference": theirs.untriaged,
                "child_pk": ours.child,
            },
        },
    ),
    "casework:triage-new-child": ObjectPage({"untriaged": untriaged}, CASEWORK),
    "casework:child": ObjectPage({"child": child}, CASEWORK),
    "casework:child-edit": ObjectPage({"child": child}, CASEWORK),
    "casework:note-add": ObjectPage(
        {"child": child}, "302 302 302 404 404", post="200 200 200 404 404"
    ),
    "casework:episode-open": ObjectPage({"child": child}, CASEWORK),
    "casework:merge": ObjectPage({"child": child}, CASEWORK),
    "casework:merge-confirm": ObjectPage(
        {"child, other child": lambda t: {"pk": t.child, "other_pk": t.other_child}},
        CASEWORK,
        mixed={
            "our child, their child": lambda ours, theirs: {
                "pk": ours.child,
                "other_pk": theirs.child,
            },
            "their child, our child": lambda ours, theirs: {
                "pk": theirs.child,
                "other_pk": ours.child,
            },
        },
    ),
    "casework:merges": LIST,
    "casework:merge-detail": ObjectPage({"merge": lambda t: {"pk": t.merge}}, ADMINISTRATORS),
    "casework:episode": ObjectPage(EVERY_EPISODE, CASEWORK),
    "casework:episode-edit": ObjectPage(TWO_EPISODES, CASEWORK),
    "casework:episode-status": ObjectPage(TWO_EPISODES, CASEWORK),
    "casework:episode-approval": ObjectPage(
        {"awaiting_approval": episode("awaiting_approval")}, "403 200 403 404 404"
    ),
    "casework:enquiry-add": ObjectPage({"cme_enquiry": episode("cme_enquiry")}, CASEWORK),
    "casework:worklists": COUNTED,
    "casework:worklist": LIST,
    # Establishments and the audit log
    "establishments:list": LIST,
    "establishments:detail": ObjectPage({"school": urn}, "200 200 200 403 403"),
    "audit:list": LIST,
    # Support directory
    "support:list": SHARED,
    "support:add": SHARED,
    "support:detail": SHARED,
    "support:edit": SHARED,
    "support:retire": SHARED,
    "support:reinstate": SHARED,
    "support:outreach-schools": SHARED,
    "support:rules": SHARED,
    "support:rule-add": SHARED,
    "support:rule-edit": SHARED,
    "support:rule-turn-off": SHARED,
    "support:rule-turn-on": SHARED,
    # Referrals
    "referrals:add": ObjectPage({"child": child_pk}, CASEWORK),
    "referrals:open-worklist": LIST,
    "referrals:school-list": LIST,
    "referrals:detail": ObjectPage({"referral": referral}, CASEWORK),
    "referrals:status": ObjectPage({"referral": referral}, CASEWORK),
    "referrals:edit": ObjectPage({"referral": referral}, CASEWORK),
    # Handovers: ours to an LA outside the service, and another LA's to us.
    "handovers:inbox": LIST,
    "handovers:hand-over": ObjectPage(
        {"cme_enquiry": lambda t: {"episode_pk": t.episodes["cme_enquiry"]}}, CASEWORK
    ),
    "handovers:detail": ObjectPage(HANDOVERS, CASEWORK),
    "handovers:accept": ObjectPage(
        HANDOVERS, "405 405 405 405 405", post={BY_US: OTHER_SIDE, TO_US: "302 302 302 404 404"}
    ),
    "handovers:decline": ObjectPage(
        HANDOVERS,
        {BY_US: OTHER_SIDE, TO_US: "302 302 302 404 404"},
        post={BY_US: OTHER_SIDE, TO_US: CASEWORK},
    ),
    "handovers:download": ObjectPage(HANDOVERS, {BY_US: CASEWORK, TO_US: OTHER_SIDE}),
    "handovers:sent": ObjectPage(
        HANDOVERS,
        {BY_US: "302 302 302 404 404", TO_US: OTHER_SIDE},
        post={BY_US: CASEWORK, TO_US: OTHER_SIDE},
    ),
    "handovers:acknowledged": ObjectPage(
        HANDOVERS, {BY_US: "302 302 302 404 404", TO_US: OTHER_SIDE}
    ),
    # Term dates
    "school_calendar:list": LIST,
    "school_calendar:upload": "the LA's own term dates: no object",
    "school_calendar:establishment": ObjectPage({"school": urn}, TERM_DATES),
    "school_calendar:term-add": "the LA's own term dates: no object",
    "school_calendar:term-add-for": ObjectPage({"school": urn}, TERM_DATES),
    "school_calendar:term-edit": ObjectPage({"term": lambda t: {"pk": t.term}}, TERM_DATES),
    "school_calendar:term-delete": ObjectPage(
        {"term": lambda t: {"pk": t.term}}, TERM_DATES, post="403 302 403 403 403"
    ),
    "school_calendar:day-add": "the LA's own non-school days: no object",
    "school_calendar:day-add-for": ObjectPage({"school": urn}, TERM_DATES),
    "school_calendar:day-delete": ObjectPage(
        {"non-school day": lambda t: {"pk": t.day}}, TERM_DATES, post="403 302 403 403 403"
    ),
    # Reminders and privacy
    "reminders:choices": "the user's own e-mail choices",
    "privacy:legal-hold": ObjectPage({"child": child}, ADMINISTRATORS, post="404 404 302 404 404"),
    "privacy:export": ObjectPage({"child": child}, ADMINISTRATORS),
    # Notifications: the school's draft, and what it sent
    "notifications:start": NO_OBJECT,
    "notifications:resume": ObjectPage({"draft": draft}, "403 403 403 302 302"),
    "notifications:check": ObjectPage({"draft": draft}, SCHOOLS),
    "notifications:confirmation": ObjectPage(
        {"part_time_timetable": notification("part_time_timetable")}, SCHOOLS
    ),
    "notifications:delete-draft": ObjectPage({"draft": draft}, SCHOOLS, post="403 403 403 302 302"),
    "notifications:page": ObjectPage(
        {"draft": lambda t: {"reference": t.draft, "slug": "parents"}},
        SCHOOLS,
        post="403 403 403 302 302",
    ),
    "notifications:remove-item": ObjectPage(
        {
            "draft's parent": lambda t: {
                "reference": t.draft,
                "slug": "parents",
                "item_pk": t.draft_parent,
            }
        },
        "405 405 405 405 405",
        post="403 403 403 302 302",
    ),
    "notifications:list": LIST,
    "notifications:received": LIST,
    "notifications:detail": ObjectPage(EVERY_NOTIFICATION, "200 200 200 200 200"),
    "notifications:review": ObjectPage(
        {"part_time_timetable": notification("part_time_timetable")}, SCHOOLS
    ),
}

# URL name -> the roles of LA 856 that still reach LA 855's object (every
# object of the page's). Delete an entry as the page's scoping lands.
NOT_SCOPED_YET: dict[str, tuple[str, ...]] = {
    # Establishments: schools are GIAS's public list, shown to every LA's
    # staff today; decide whether another LA's schools should be hidden.
    "establishments:detail": LA_STAFF,
}


def object_cases(*, mixed: bool):
    for name, page in PAGES.items():
        if isinstance(page, str):
            continue
        labels = [*page.objects, *(page.mixed if mixed else ())]
        for label in labels:
            for role in ROLE_NAMES:
                marks: tuple[pytest.MarkDecorator, ...] = ()
                if mixed and role in NOT_SCOPED_YET.get(name, ()):
                    marks = (pytest.mark.xfail(strict=True, reason=NOT_SCOPED),)
                yield pytest.param(name, label, role, id=f"{name}[{label}]-{role}", marks=marks)


def test_every_url_is_in_the_matrix_or_says_why_not():
    assert sorted(url_names()) == sorted(PAGES)
    # Each list and count page is checked below.
    checked = {page.name for page in LIST_PAGES.values()} | {c.name for c in COUNTS.values()}
    assert {name for name, page in PAGES.items() if page in (LIST, COUNTED)} - checked == set()


def database_state() -> dict[str, str]:
    """Every row of every table of the service's apps (many-to-many tables
    included), as text by model: what a request must not change."""
    state = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("inclusion_tracker."):
            continue
        for model in config.get_models(include_auto_created=True):
            rows = model._base_manager.order_by("pk").values_list()
            state[model._meta.label] = repr(list(rows))
    return state


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def allowed_for_theirs(own: int) -> set[int]:
    """What another LA's object may answer: 404, as for an object that does
    not exist; or, where the role gets 403 or 405 for its own LA's object too
    (no access to the page, or a page that takes no GET), the same."""
    return {404, own} if own in (403, 405) else {404}


@pytest.mark.parametrize("name, label, role", list(object_cases(mixed=False)))
def test_our_own_object_answers_as_today(world: World, name, label, role):
    page = PAGES[name]
    assert isinstance(page, ObjectPage)
    url = reverse(name, kwargs=page.objects[label](world.ours))
    client = signed_in(world.ours.users[role])
    got = {"GET": client.get(url).status_code, "POST": client.post(url, {}).status_code}
    assert got == page.own_answers(label, role)


@pytest.mark.parametrize("name, label, role", list(object_cases(mixed=True)))
def test_another_las_object_is_not_found(world: World, name, label, role):
    page = PAGES[name]
    assert isinstance(page, ObjectPage)
    ours, theirs = world.ours, world.theirs
    mixed = page.mixed.get(label)
    kwargs = mixed(ours, theirs) if mixed else page.objects[label](theirs)
    url = reverse(name, kwargs=kwargs)
    client = signed_in(ours.users[role])
    before, sent = database_state(), len(mail.outbox)
    got = {"GET": client.get(url).status_code, "POST": client.post(url, {}).status_code}
    own = page.own_answers(label, role)
    wrong = {
        method: f"{status}, not one of {sorted(allowed_for_theirs(own[method]))}"
        for method, status in got.items()
        if status not in allowed_for_theirs(own[method])
    }
    assert {
        "wrong answers": wrong,
        "rows changed": changed(before, database_state()),
        "e-mails sent": len(mail.outbox) - sent,
    } == {"wrong answers": {}, "rows changed": [], "e-mails sent": 0}


# Lists, searches, worklists, inboxes and pickers ------------------------------------------


@dataclass(frozen=True)
class ListPage:
    name: str
    roles: tuple[str, ...]
    # Whose rows the page lists: "children" (names, UPNs and notification
    # references), "staff" (names and e-mail addresses) or "schools".
    shows: str
    # The URL's arguments, for a page of one of our objects.
    kwargs: Callable[[Tenant], dict] = lambda t: {}
    # A search for an LA's rows (asked for theirs, then ours); None: the page
    # as it opens, read once.
    query: Callable[[Tenant], dict] | None = None


def name_search(t: Tenant) -> dict:
    """The start of the LA's children's last name: what the search box
    echoes is not the name itself."""
    return {"q": t.surname[:7]}


# Every LA's children in the world share this date of birth.
BIRTHDAY_SEARCH = {"q": "12/03/2014"}

LIST_PAGES: dict[str, ListPage] = {
    "children:list": ListPage("children:list", LA_STAFF, "children"),
    "children:list?q=name": ListPage("children:list", LA_STAFF, "children", query=name_search),
    "children:list?q=birthday": ListPage(
        "children:list", LA_STAFF, "children", query=lambda t: BIRTHDAY_SEARCH
    ),
    "casework:triage": ListPage("casework:triage", LA_STAFF, "children"),
    "casework:triage-match": ListPage(
        "casework:triage-match", LA_STAFF, "children", kwargs=untriaged
    ),
    "casework:triage-match?q=name": ListPage(
        "casework:triage-match", LA_STAFF, "children", kwargs=untriaged, query=name_search
    ),
    "casework:merge?q=name": ListPage(
        "casework:merge", LA_STAFF, "children", kwargs=child, query=name_search
    ),
    "casework:merges": ListPage("casework:merges", ("admin",), "children"),
    **{
        f"casework:worklist[{w.slug}]": ListPage(
            "casework:worklist",
            LA_STAFF,
            "children",
            kwargs=(lambda slug: lambda t: {"slug": slug})(w.slug),
        )
        for w in WORKLISTS
    },
    "notifications:received": ListPage("notifications:received", LA_STAFF, "children"),
    "handovers:inbox": ListPage("handovers:inbox", LA_STAFF, "children"),
    "notifications:list": ListPage("notifications:list", SCHOOL_STAFF, "children"),
    "referrals:open-worklist": ListPage("referrals:open-worklist", LA_STAFF, "children"),
    "referrals:school-list": ListPage("referrals:school-list", SCHOOL_STAFF, "children"),
    # Staff: the users and the audit log (who did what), the school's team,
    # and the pickers that offer an owner for an episode.
    "accounts:users": ListPage("accounts:users", ("admin",), "staff"),
    "audit:list": ListPage("audit:list", ("admin",), "staff"),
    "accounts:team": ListPage("accounts:team", ("main_contact",), "staff"),
    "casework:episode-open staff": ListPage(
        "casework:episode-open", LA_STAFF, "staff", kwargs=child
    ),
    "casework:episode-edit staff": ListPage(
        "casework:episode-edit", LA_STAFF, "staff", kwargs=episode(EpisodeKind.CME_ENQUIRY)
    ),
    # A worklist's owner filter (no-destination's rows have no owner) and a
    # team manager's "assign to" (my caseload holds only the user's own rows).
    "casework:worklist[no-destination] staff": ListPage(
        "casework:worklist", LA_STAFF, "staff", kwargs=lambda t: {"slug": "no-destination"}
    ),
    "casework:worklist[my-caseload] staff": ListPage(
        "casework:worklist", ("manager",), "staff", kwargs=lambda t: {"slug": "my-caseload"}
    ),
    # Schools.
    "establishments:list": ListPage("establishments:list", LA_STAFF, "schools"),
    "school_calendar:list": ListPage("school_calendar:list", ("manager",), "schools"),
}

# LIST_PAGES key -> the roles of LA 856 whose page still shows LA 855's rows.
LISTS_NOT_SCOPED_YET: dict[str, tuple[str, ...]] = {
    "establishments:list": LA_STAFF,
}


def list_cases():
    for key, page in LIST_PAGES.items():
        for role in page.roles:
            marks: tuple[pytest.MarkDecorator, ...] = ()
            if role in LISTS_NOT_SCOPED_YET.get(key, ()):
                marks = (pytest.mark.xfail(strict=True, reason=NOT_SCOPED),)
            yield pytest.param(key, role, id=f"{key}-{role}", marks=marks)


def their_rows(t: Tenant, shows: str) -> list[str]:
    """What would show the other LA's rows of the kind on a page."""
    if shows == "children":
        return [t.surname, *t.upns, *t.references]
    if shows == "staff":
        return [t.staff_surname, *(u.email for u in t.users.values())]
    assert shows == "schools", shows
    return [t.school_word]


def our_rows(t: Tenant, shows: str, *, me: User) -> list[str]:
    """What shows our LA's rows of the kind: for staff, anyone but the
    signed-in user, whose name every page's header shows."""
    if shows == "staff":
        others = [u for u in t.users.values() if u != me]
        return [*(u.full_name for u in others), *(u.email for u in others)]
    return their_rows(t, shows)


def found(words: list[str], text: str) -> list[str]:
    return [word for word in words if word in text]


@pytest.mark.parametrize("key, role", list(list_cases()))
def test_a_list_shows_only_our_las_rows(world: World, key, role):
    page = LIST_PAGES[key]
    ours, theirs = world.ours, world.theirs
    me = ours.users[role]
    client = signed_in(me)
    url = reverse(page.name, kwargs=page.kwargs(ours))
    if page.query is None:
        for_theirs = for_ours = page_text(client.get(url))
    else:
        for_theirs = page_text(client.get(url, page.query(theirs)))
        for_ours = page_text(client.get(url, page.query(ours)))
    # The page lists rows: ours.
    assert found(our_rows(ours, page.shows, me=me), for_ours) != []
    assert found(their_rows(theirs, page.shows), for_theirs) == []


# Counts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    name: str
    roles: tuple[str, ...]
    # The number on the page: the first group of this pattern.
    pattern: str
    # The rows the number counts, every LA's, for the signed-in user.
    rows: Callable[[User], QuerySet]
    # The lookup that gives a row's LA code.
    la: str


def _worklist_count(worklist) -> Count:
    return Count(
        "casework:worklists",
        LA_STAFF,
        rf'id="count-{worklist.slug}">(\d+)<',
        lambda user: worklist.episodes(user, timezone.localdate()),
        "child__local_authority_id",
    )


COUNTS: dict[str, Count] = {
    "core:home to triage": Count(
        "core:home",
        LA_STAFF,
        r"(\d+) notifications? to triage",
        lambda user: Notification.objects.submitted().filter(child__isnull=True),
        "establishment__la_code",
    ),
    "core:home awaiting approval": Count(
        "core:home",
        ("manager",),
        r"(\d+) CME enquir(?:y|ies) awaiting your approval",
        lambda user: Episode.objects.awaiting_approval(),
        "child__local_authority_id",
    ),
    # My caseload counts the user's own episodes: no other LA's can be in it.
    **{
        f"casework:worklists {w.slug}": _worklist_count(w)
        for w in WORKLISTS
        if w.slug != "my-caseload"
    },
    "core:home handed over to us": Count(
        "core:home",
        LA_STAFF,
        r"(\d+) child(?:ren)? handed over to us",
        lambda user: Handover.objects.filter(status=Handover.Status.WAITING),
        "to_la_id",
    ),
    "casework:worklists handed over to us": Count(
        "casework:worklists",
        LA_STAFF,
        r'id="count-handed-over-to-us">(\d+)<',
        lambda user: Handover.objects.filter(status=Handover.Status.WAITING),
        "to_la_id",
    ),
    "casework:worklists open referrals": Count(
        "casework:worklists",
        LA_STAFF,
        r'id="count-open-referrals">(\d+)<',
        lambda user: Referral.objects.overdue(timezone.localdate()),
        "episode__child__local_authority_id",
    ),
}

# COUNTS key -> the roles of LA 856 whose count still counts LA 855's rows.
COUNTS_NOT_SCOPED_YET: dict[str, tuple[str, ...]] = {}


def count_cases():
    for key, count in COUNTS.items():
        for role in count.roles:
            marks: tuple[pytest.MarkDecorator, ...] = ()
            if role in COUNTS_NOT_SCOPED_YET.get(key, ()):
                marks = (pytest.mark.xfail(strict=True, reason=NOT_SCOPED),)
            yield pytest.param(key, role, id=f"{key}-{role}", marks=marks)


@pytest.mark.parametrize("key, role", list(count_cases()))
def test_a_count_counts_only_our_las_rows(world: World, key, role):
    count = COUNTS[key]
    me = world.ours.users[role]
    ours = count.rows(me).filter(**{count.la: world.ours.code}).count()
    # The world gives both LAs rows to count (each counted by its own staff),
    # so a count of every LA's would differ from ours.
    them = world.theirs.users[role]
    assert ours > 0
    assert count.rows(them).filter(**{count.la: world.theirs.code}).count() > 0
    text = page_text(signed_in(me).get(reverse(count.name)))
    assert int(first_group(count.pattern, text)) == ours
