"""Which child records a notification may be about: the candidates at triage.

Only records of the officer's local authorities are candidates
(`Child.objects.in_local_authorities_of`): another LA's child is never named.
An exact UPN match always comes first. The UPN is looked up across every
record, merged ones included: a merge moves the UPN to the kept record only
when that had none, so a merged record may still hold it. A current record
with the UPN has the reason "Same UPN"; for a merged record, the record it
was merged into (followed to the current one) comes first instead, with the
reason "Same UPN (on a record merged into this one)" and no penalty for a
different UPN of its own.

The other candidates are found in two steps.

1. Pre-selection, in the database, with a few bounded, indexed filters: the
   same date of birth; the date of birth with day and month swapped; the same
   last name (legal or preferred); the same postcode; the same first name and
   year of birth. Each filter returns at most PER_FILTER_LIMIT records, so
   matching never loads every child. Merged records are never candidates.

2. Scoring, in Python, of each record found, out of about 100:

   ========================================  ======
   Date of birth the same                      35
   Date of birth, day and month swapped        25
   Date of birth one digit different           20
   Same year of birth only                      5
   Last name the same (legal or preferred)     25
   Last name similar (Jaro-Winkler >= 0.85)    15
   First name the same (legal or preferred)    20
   First name similar (Jaro-Winkler >= 0.85)   12
   Postcode the same                           20
   Same outward code (LE1 in LE1 2AB)           8
   A different UPN on the record              -15
   ========================================  ======

   Names are compared ignoring case, accents, spaces, hyphens and
   apostrophes, each of the notification's names against the record's legal
   and preferred name, keeping the best.

Records scoring under THRESHOLD (40) are dropped: a shared postcode alone
(a neighbour) or a shared date of birth alone (a dozen children in a large
LA share each birthday) is not a match; two facts in common are needed. The rest are ordered by score, then
by name. Each candidate carries plain-English reasons, for the officer; the
score itself is not shown.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from inclusion_tracker.children.models import Child
from inclusion_tracker.children.upn import normalise_upn
from inclusion_tracker.core.formatting import normalise_postcode

THRESHOLD = 40
PER_FILTER_LIMIT = 100
SIMILAR_NAME = 0.85

SAME_UPN = 1000  # always first

DOB_SAME = 35
DOB_SWAPPED = 25
DOB_ONE_DIGIT = 20
DOB_SAME_YEAR = 5
LAST_NAME_SAME = 25
LAST_NAME_SIMILAR = 15
FIRST_NAME_SAME = 20
FIRST_NAME_SIMILAR = 12
POSTCODE_SAME = 20
POSTCODE_OUTWARD = 8
DIFFERENT_UPN = -15


@dataclass
class Candidate:
    child: Child
    score: int
    reasons: list[str] = field(default_factory=list)


def candidates(notification, user, limit: int = 10) -> list[Candidate]:
    """The child records of the user's local authorities the notification
    may be about, best first."""
    found: list[Candidate] = []
    upn = normalise_upn(notification.upn or "")
    exact = None
    if upn:
        exact, via_merge = _with_upn(upn, user)
        if exact is not None:
            score, reasons = _score(notification, exact, compare_upn=not via_merge)
            reason = "Same UPN (on a record merged into this one)" if via_merge else "Same UPN"
            found.append(Candidate(exact, SAME_UPN + score, [reason, *reasons]))
    scored = []
    for child in _preselect(notification, user, exclude=exact):
        score, reasons = _score(notification, child)
        if score >= THRESHOLD:
            scored.append(Candidate(child, score, reasons))
    scored.sort(
        key=lambda c: (
            -c.score,
            c.child.legal_last_name.casefold(),
            c.child.legal_first_name.casefold(),
            c.child.pk,
        )
    )
    # The record opened for this notification when it was sent is the child
    # as the school described them, not a match.
    own = notification.provisional_child_id
    return [c for c in found + scored if c.child.pk != own][:limit]


def _current(user):
    return Child.objects.visible_to(user).select_related("current_establishment")


def _with_upn(upn: str, user) -> tuple[Child | None, bool]:
    """The current record for this UPN, and whether it was reached through a
    merged record holding the UPN (followed along merged_into), among the
    user's local authorities' records."""
    records = Child.objects.in_local_authorities_of(user).select_related("current_establishment")
    child = records.filter(upn=upn).first()
    via_merge, seen = False, set()
    while child is not None and child.merged_into_id is not None:
        seen.add(child.pk)
        if child.merged_into_id in seen:  # never expected: a loop of merges
            return None, False
        child, via_merge = records.filter(pk=child.merged_into_id).first(), True
    return child, via_merge


def _preselect(notification, user, *, exclude=None) -> list[Child]:
    """Records that share at least one indexed fact with the notification,
    at most PER_FILTER_LIMIT per filter."""
    filters = []
    born = notification.date_of_birth
    if born:
        filters.append(Q(date_of_birth=born))
        swapped = _swapped(born)
        if swapped:
            filters.append(Q(date_of_birth=swapped))
    last = (notification.last_name or "").strip()
    if last:
        filters.append(Q(legal_last_name__iexact=last) | Q(preferred_last_name__iexact=last))
    postcode = normalise_postcode(notification.postcode or "")
    if postcode:
        filters.append(Q(postcode=postcode))
    firsts = [name.strip() for name in (notification.first_name, notification.preferred_name)]
    firsts = [name for name in firsts if name]
    if firsts and born:
        same_first = Q()
        for name in firsts:
            same_first |= Q(legal_first_name__iexact=name) | Q(preferred_first_name__iexact=name)
        year = (date(born.year, 1, 1), date(born.year, 12, 31))
        filters.append(same_first & Q(date_of_birth__range=year))
    children: dict[int, Child] = {}
    for condition in filters:
        query = _current(user).filter(condition)
        if exclude is not None:
            query = query.exclude(pk=exclude.pk)
        for child in query.order_by("pk")[:PER_FILTER_LIMIT]:
            children.setdefault(child.pk, child)
    return list(children.values())


def _score(notification, child: Child, *, compare_upn: bool = True) -> tuple[int, list[str]]:
    """The child's score and reasons; compare_upn=False leaves out the
    different-UPN penalty (the UPN matched a record merged into this one)."""
    score, reasons = 0, []

    points, reason = _date_of_birth(notification.date_of_birth, child.date_of_birth)
    score += points
    if reason:
        reasons.append(reason)

    last = _best_name([notification.last_name], [child.legal_last_name, child.preferred_last_name])
    if last:
        similarity, theirs, ours = last
        if similarity >= 1:
            score += LAST_NAME_SAME
            reasons.append("Same last name")
        elif similarity >= SIMILAR_NAME:
            score += LAST_NAME_SIMILAR
            reasons.append(f"Last name similar: {theirs} / {ours}")

    first = _best_name(
        [notification.first_name, notification.preferred_name],
        [child.legal_first_name, child.preferred_first_name],
    )
    if first:
        similarity, theirs, ours = first
        if similarity >= 1:
            score += FIRST_NAME_SAME
            reasons.append("Same first name")
        elif similarity >= SIMILAR_NAME:
            score += FIRST_NAME_SIMILAR
            reasons.append(f"First name similar: {theirs} / {ours}")

    theirs = normalise_postcode(notification.postcode or "")
    ours = normalise_postcode(child.postcode or "")
    if theirs and ours:
        if theirs == ours:
            score += POSTCODE_SAME
            reasons.append("Same postcode")
        elif _outward(theirs) and _outward(theirs) == _outward(ours):
            score += POSTCODE_OUTWARD
            reasons.append(f"Same postcode area ({_outward(ours)})")

    upn = normalise_upn(notification.upn or "")
    if compare_upn and upn and child.upn and upn != child.upn:
        score += DIFFERENT_UPN
        reasons.append("A different UPN is on the record")
    return score, reasons


def _date_of_birth(theirs: date | None, ours: date | None) -> tuple[int, str]:
    if not theirs or not ours:
        return 0, ""
    if theirs == ours:
        return DOB_SAME, "Same date of birth"
    if _swapped(theirs) == ours:
        return DOB_SWAPPED, "Date of birth with day and month swapped"
    different = sum(a != b for a, b in zip(theirs.isoformat(), ours.isoformat(), strict=True))
    if different == 1:
        return DOB_ONE_DIGIT, "Date of birth one digit different"
    if theirs.year == ours.year:
        return DOB_SAME_YEAR, "Same year of birth"
    return 0, ""


def _swapped(born: date) -> date | None:
    """The date with day and month swapped (3 December for 12 March), if it is one."""
    if born.day == born.month or born.day > 12:
        return None
    try:
        return date(born.year, born.day, born.month)
    except ValueError:
        return None


def _best_name(theirs: list[str], ours: list[str]) -> tuple[float, str, str] | None:
    """The most similar pair of names, as (similarity, their name, our name)."""
    best = None
    for their_name in theirs:
        for our_name in ours:
            a, b = _simple(their_name), _simple(our_name)
            if not a or not b:
                continue
            similarity = 1.0 if a == b else JaroWinkler.similarity(a, b)
            if best is None or similarity > best[0]:
                best = (similarity, their_name.strip(), our_name.strip())
    return best


def _simple(name: str) -> str:
    """Lower case, without accents, spaces, hyphens or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())


def _outward(postcode: str) -> str:
    return postcode.split(" ")[0] if " " in postcode else ""
