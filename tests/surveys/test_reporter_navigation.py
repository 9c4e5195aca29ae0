"""Every part page shows the parts with their states, "del n av m", previous and next; a send-back's message
is shown in full on the overview and the check page, and as a short linkable banner on the parts."""

from django.urls import reverse

from surveys.models import Response

BASE = ("2021", "4601")


def _page(client, section):
    return client.get(reverse("surveys:section", args=(*BASE, section))).content.decode()


def test_part_page_shows_where_one_is_and_each_parts_state(client, reporter, response_factory):
    response_factory(s24_legevakt_parts="A|C", s22_doctors_with_gp_contract="12")
    client.force_login(reporter)
    html = _page(client, "part_a")
    assert "Del 4 av 6" in html  # 2-2, 2-3, 2-4, A, C, E: parts not ticked in 2-4 are left out
    assert 'aria-current="page"' in html
    assert html.count('class="state state-') == 6
    prev_url = reverse("surveys:section", args=(*BASE, "s2_4"))
    next_url = reverse("surveys:section", args=(*BASE, "part_c"))
    assert f'rel="prev" href="{prev_url}"' in html and f'rel="next" href="{next_url}"' in html


def test_last_part_leads_to_the_check_page(client, reporter, response_factory):
    response_factory(s24_legevakt_parts="A")
    client.force_login(reporter)
    html = _page(client, "part_e")
    assert f'rel="next" href="{reverse("surveys:check", args=BASE)}"' in html


def test_send_back_message_in_full_on_overview_and_as_a_banner_on_parts(client, reporter, response_factory):
    response = response_factory(s24_legevakt_parts="A")
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.SENT_BACK, sent_back_message="Se på netto driftsutgifter i del A."
    )
    client.force_login(reporter)
    overview = client.get(reverse("surveys:overview", args=BASE)).content.decode()
    assert "Se på netto driftsutgifter i del A." in overview and 'id="sent-back"' in overview
    part = _page(client, "part_a")
    assert "Se på netto driftsutgifter" not in part
    assert f"{reverse('surveys:check', args=BASE)}#sent-back" in part
