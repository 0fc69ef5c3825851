"""What the privacy app keeps of its own: a record of each subject access
export (who exported a child's data, when, why and how many records), so
the local authority can show how it answered each request. The reason is
free text: it is anonymised with the child's file (retention.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SubjectAccessExport(models.Model):
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="subject_access_exports"
    )
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("why the data was exported")
    # How many records (rows of every type) the ZIP held.
    record_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-exported_at", "-pk"]

    def __str__(self) -> str:
        return f"Subject access export of child {self.child_id} on {self.exported_at:%Y-%m-%d}"
