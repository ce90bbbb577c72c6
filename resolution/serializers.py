"""REST shapes of the Resolution Centre (DESIGN, contract additions after §9)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from partnernet.business_days import IST


def ist_iso(value: Any) -> str | None:
    return timezone.localtime(value, IST).isoformat() if value else None


def money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


class AttachmentOutput(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment: Any) -> str:
        return reverse(
            "resolution:attachment",
            kwargs={"reference": attachment.message.order.reference, "token": attachment.token},
        )


class MessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.CharField()
    author = serializers.SerializerMethodField()
    body = serializers.CharField()
    created_at = serializers.SerializerMethodField()
    attachments = AttachmentOutput(many=True)

    def get_author(self, message: Any) -> str:
        return message.author.get_full_name() or message.author.email

    def get_created_at(self, message: Any) -> str | None:
        return ist_iso(message.created_at)


class MessageInput(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=20000)
    file = serializers.FileField(required=False, allow_null=True, allow_empty_file=True)


class IssueEventOutput(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField(source="get_kind_display")  # type: ignore[assignment]
    status = serializers.CharField()
    actor = serializers.SerializerMethodField()
    message = serializers.CharField()
    data = serializers.JSONField()  # type: ignore[assignment]
    created_at = serializers.SerializerMethodField()

    def get_actor(self, event: Any) -> str | None:
        if event.actor is None:
            return None
        return event.actor.get_full_name() or event.actor.email

    def get_created_at(self, event: Any) -> str | None:
        return ist_iso(event.created_at)


def issue_representation(issue: Any, *, events: Any, escalability: Any, actions: list[str]) -> dict[str, Any]:
    """The issue as DESIGN's shape says (plus the counter-proposal and the viewer's actions)."""
    return {
        "reference": issue.reference,
        "order": issue.order.reference,
        "status": issue.status,
        "reason": issue.reason,
        "remedy": issue.remedy,
        "amount": money(issue.amount),
        "description": issue.description,
        "counter_remedy": issue.counter_remedy or None,
        "counter_amount": money(issue.counter_amount),
        "respond_by": ist_iso(issue.respond_by),
        "fulfil_by": ist_iso(issue.fulfil_by),
        "escalable": escalability.escalable,
        "escalable_reason": escalability.reason,
        "escalable_code": escalability.code,
        "claim": issue.claim.reference if issue.claim_id else None,
        "created_at": ist_iso(issue.created_at),
        "version": issue.version,
        "actions": actions,
        "events": IssueEventOutput(events, many=True).data,
    }


class IssueInput(serializers.Serializer):
    reason = serializers.CharField()
    remedy = serializers.CharField()
    amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    description = serializers.CharField(max_length=20000)


class RespondInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["accept", "counter", "decline"])
    remedy = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    fulfil_by = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    message = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    version = serializers.IntegerField(required=False, allow_null=True)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True)
    message = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class EscalateOutput(serializers.Serializer):
    claim = serializers.CharField()
    url = serializers.CharField()
