"""The demo gives the demo reporter something to fill in: Bergen empty, Ulvik and Voss back to drafts."""

from surveys.demo import load_demo
from surveys.models import Membership, Response


def test_demo_reporter_municipalities_are_drafts(survey_2021):
    load_demo(2021)
    assert not Response.objects.filter(municipality__number="4601").exists()
    drafts = Response.objects.filter(municipality__number__in=["4620", "4621"])
    assert set(drafts.values_list("status", flat=True)) == {Response.Status.IN_PROGRESS}
    assert not any(r.rounds.exists() or r.first_submitted_at for r in drafts)
    assert Response.objects.exclude(status=Response.Status.SUBMITTED).count() == 2
    assert Membership.objects.filter(user__username="rapportor").count() == 3
