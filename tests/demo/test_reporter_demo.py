"""The demo reporter reports for three municipalities of the loaded year: one was sent back after SSB's follow-up
got no answer, so it is editable again; the year stays whole (every response submitted once)."""

from demo.loading import REPORTER_MUNICIPALITIES, SENT_BACK, load_demo
from surveys.models import Membership, Response
from surveys.services.entry.membership import is_editable
from validation.models import FollowUpContact


def test_demo_reporter_has_one_response_sent_back(survey_2021):
    load_demo(2021)
    numbers = {n for n, _parts, _main in REPORTER_MUNICIPALITIES}
    assert (
        set(Membership.objects.filter(user__username="rapportor").values_list("municipality_number", flat=True))
        == numbers
    )
    responses = {r.municipality.number: r for r in Response.objects.filter(municipality__number__in=numbers)}
    assert [n for n, r in sorted(responses.items()) if is_editable(r)] == [SENT_BACK]
    sent_back = responses[SENT_BACK]
    assert sent_back.status == Response.Status.SENT_BACK and sent_back.was_submitted
    contact = FollowUpContact.objects.get(municipality__number=SENT_BACK)
    assert contact.outcome == FollowUpContact.Outcome.NO_ANSWER
    assert contact.question in sent_back.sent_back_message
    assert not Response.objects.filter(first_submitted_at__isnull=True).exists()
    assert Response.objects.count() == 356
