"""What every uploaded document records, whichever object it belongs to.

`ClaimDocument` (claims) and `OrderDocument` (partners) share this metadata: the
name the uploader gave, the type recognised from the content (never the name),
the size, the SHA-256 that proves what was received, who uploaded it and when.
A concrete model adds its owner, its `kind` (with its own choices) and its
`file` field (each app keeps its own storage path); the upload rules themselves
are in `partnernet.uploads`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class UploadedDocument(models.Model):
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"
