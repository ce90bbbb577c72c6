"""The post-completion feedback request (the e-mail with the review and claim links)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class FeedbackRequest(models.Model):
    """The post-completion e-mail to the seller: review link and, when covered, claim link.

    The link's token is signed (django.core.signing) and names the order and the
    seller; this row records what was sent and when, and holds the nonce that a
    token must carry, so that a token can be revoked by rotating it.
    """

    order = models.OneToOneField(
        "partners.ServiceOrder", on_delete=models.CASCADE, related_name="feedback_request"
    )
    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Feedback for {self.order}"
