"""The transactional outbox: a background task to start, written in the same transaction as what asked for it."""

from django.db import models


class OutboxMessage(models.Model):
    """One task to send to the broker (`sent_at`) and to run exactly once (`done_at`, set by the worker in the
    transaction of the task's own writes)."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveIntegerField(default=0, help_text="times handed to the broker (more than 1: resent)")
    done_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="the last failure, if the task raised")

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], name="outbox_pending", condition=models.Q(sent_at__isnull=True)),
            models.Index(fields=["sent_at"], name="outbox_not_done", condition=models.Q(done_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)} #{self.pk}"
