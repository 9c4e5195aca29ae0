"""The audit trail of actions that are not value changes: one function writes it, in the caller's transaction."""

from surveys.models import AuditEvent, Response


def log_action(
    action: str, *, user, response: Response | None = None, number: str = "", subject: str = "", detail: str = ""
) -> AuditEvent:
    """Record `action` (dotted, e.g. response.submitted) by `user`, on a response or a municipality's team."""
    if response is not None:
        number = number or response.municipality.number
    return AuditEvent.objects.create(
        action=action,
        response=response,
        municipality_number=number,
        subject=subject,
        detail=str(detail),
        user=user if user is not None and user.is_authenticated else None,
    )
