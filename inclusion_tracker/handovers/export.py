"""The case as a ZIP, for handing over to a local authority outside the
service by secure e-mail (issue 14 item 4):

- `summary.html`: a readable, self-contained page (no links out, no
  scripts): the child, what is known about where they are now, the parents'
  contact details from the schools' notifications, and the child's timeline;
- `data.json`: the same, each field by name.

Built in memory, as privacy/subject_access.py builds the subject access ZIP
(privacy is a layer above: the few formatting helpers are repeated here).
The view audits the download as an export.
"""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from inclusion_tracker.casework.timeline import timeline_for
from inclusion_tracker.handovers.models import Handover
from inclusion_tracker.notifications.models import RemovalParent


@dataclass(frozen=True)
class CaseExport:
    filename: str
    content: bytes


def parents_of(child):
    """The parents' and carers' contact details the schools gave in their
    removal from roll notifications about this child, newest first."""
    return RemovalParent.objects.filter(removal__notification__child=child).order_by(
        "-removal__notification__submitted_at", "pk"
    )


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


CHILD_FIELDS = (
    "upn",
    "legal_first_name",
    "legal_middle_names",
    "legal_last_name",
    "preferred_first_name",
    "preferred_last_name",
    "date_of_birth",
    "sex",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
)
KNOWN_FIELDS = (
    "new_address",
    "new_school_name",
    "new_school_urn",
    "contact_name",
    "contact_phone",
    "contact_email",
    "notes",
)
PARENT_FIELDS = (
    "full_name",
    "relationship",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "country",
    "emergency_phone",
    "other_phone",
)


def to_json(handover: Handover, parents, timeline, exported_at) -> str:
    child = handover.child
    data = {
        "from_local_authority": {"code": handover.from_la_id, "name": handover.from_la.name},
        "to_local_authority": {"code": handover.to_la_id, "name": handover.to_la.name},
        "exported_at": _json(exported_at),
        "handed_over_by": str(handover.sent_by),
        "child": {name: _json(getattr(child, name)) for name in CHILD_FIELDS},
        "what_is_known": {name: getattr(handover, name) for name in KNOWN_FIELDS},
        "parents": [{name: getattr(p, name) for name in PARENT_FIELDS} for p in parents],
        "timeline": [
            {"when": _json(e.when), "who": e.who, "title": e.title, "text": e.text}
            for e in timeline
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def export(handover: Handover) -> CaseExport:
    """The ZIP of the case. The caller audits it."""
    child = handover.child
    parents = list(parents_of(child))
    timeline = timeline_for(child)
    now = timezone.now()
    summary = render_to_string(
        "handovers/export_summary.html",
        {
            "handover": handover,
            "child": child,
            "parents": parents,
            "timeline": timeline,
            "exported_at": now,
            "service_name": settings.SERVICE_NAME,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", summary)
        archive.writestr("data.json", to_json(handover, parents, timeline, now))
    day = timezone.localdate(now).isoformat()
    return CaseExport(
        filename=f"handover-child-{child.pk}-to-{handover.to_la_id}-{day}.zip",
        content=buffer.getvalue(),
    )
