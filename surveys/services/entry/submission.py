"""Submitting a response: its checks pass or are explained, its values are copied to a round, the rules run."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kostra.dispatch import enqueue_on_commit
from surveys.models import Membership, Response, SubmissionRound
from surveys.services.entry.checks import check_response
from surveys.services.entry.errors import ResponseLocked, SubmitBlocked
from surveys.services.entry.membership import EDITABLE_STATUSES, is_editable, may_submit


def submit_response(response: Response, membership: Membership, *, user) -> Response:
    """Submit: checks pass or are explained; the values are copied to a round; the rules are scheduled."""
    if not may_submit(membership):
        raise SubmitBlocked(_("Bare medlemmer med tilgang til hele skjemaet kan sende inn."))
    if response.pk is None or not is_editable(response):
        raise ResponseLocked(_("Skjemaet kan ikke sendes inn nå."))
    with transaction.atomic():
        locked = Response.objects.select_for_update().select_related("survey", "municipality").get(pk=response.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise ResponseLocked(_("Skjemaet er allerede sendt inn."))
        blocking = check_response(locked).blocking()
        if blocking:
            raise SubmitBlocked(
                _("Skjemaet har %(n)s feil eller advarsler som må rettes eller forklares.") % {"n": len(blocking)}
            )
        now = timezone.now()
        locked.status = Response.Status.SUBMITTED
        locked.submitted_at = now
        locked.first_submitted_at = locked.first_submitted_at or now
        locked.save(update_fields=["status", "submitted_at", "first_submitted_at", "last_changed_at"])
        SubmissionRound.objects.create(
            response=locked,
            number=locked.rounds.count() + 1,
            submitted_by=user,
            values=dict(locked.raw_values),
        )
        # the batch run's flags for editors, once this commits
        enqueue_on_commit("validation.tasks.run_rules_for_response", locked.pk)
    return locked
