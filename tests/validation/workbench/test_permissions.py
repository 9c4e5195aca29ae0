"""Roles: editors see every municipality's response in the workbench but cannot publish or manage users;
admins publish and export; reporters and outsiders get 403 everywhere; anonymous users are sent to log in."""

import pytest
from django.urls import reverse

from surveys.models import TableSnapshot
from tests.validation.workbench.conftest import HAA
from validation.models import Flag
from validation.workbench.views.review import review_url


@pytest.fixture
def urls(kroner_error):
    flag = Flag.objects.get(response=kroner_error, rule_id="EQ-06")
    args = (2021, HAA)
    pages = [
        reverse("workbench:queue"),
        reverse("workbench:contacts"),
        reverse("workbench:metrics"),
        reverse("workbench:coding"),
        reverse("workbench:review", args=args),
        reverse("workbench:audit", args=args),
        reverse("workbench:audit", args=args) + "?format=csv",
        reverse("workbench:contact-new", args=args),
    ]
    posts = [
        reverse("workbench:flag-action", args=(flag.pk,)),
        reverse("workbench:correct", args=args),
        reverse("workbench:send-back", args=args),
        reverse("workbench:status", args=args),
        reverse("workbench:assign", args=args),
        reverse("workbench:code", args=args),
    ]
    return pages, posts


def test_anonymous_is_sent_to_login(client, urls):
    pages, posts = urls
    for url in pages + posts:
        answer = client.get(url) if url in pages else client.post(url, {"reason": "x"})
        assert answer.status_code == 302, url
        assert answer["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("who", ["reporter", "outsider"])
def test_reporters_get_403_on_every_workbench_url(client, urls, who, request):
    client.force_login(request.getfixturevalue(who))
    pages, posts = urls
    for url in pages:
        assert client.get(url).status_code == 403, url
    for url in posts:
        data = {"action": "confirmed", "reason": "x", "message": "x", "variable": "a_net_operating_cost"}
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("workbench:codes-csv")).status_code == 403
    assert Flag.objects.get(rule_id="EQ-06").status == Flag.Status.OPEN


def test_editor_opens_every_page(editor_client, urls):
    pages, _posts = urls
    for url in pages:
        assert editor_client.get(url).status_code == 200, url


def test_editor_cannot_publish_tables(editor_client, kroner_error):
    answer = editor_client.post(reverse("tables:publish", args=(2021,)))
    assert answer.status_code == 403
    assert not TableSnapshot.objects.exists()


def test_editor_cannot_manage_users(client, editor, admin_user):
    editor.is_staff = True  # even with access to the admin site
    editor.save()
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.post(reverse("admin:auth_user_add"), {"username": "x"}).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_only_admins_download_the_codes(client, editor, admin_user, kroner_error):
    url = reverse("workbench:codes-csv")
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.content.decode().splitlines() == ["kommunenummer,variable,code"]


def test_admin_is_an_editor_too(client, admin_user, kroner_error):
    client.force_login(admin_user)
    assert client.get(review_url(kroner_error)).status_code == 200


def test_editor_may_log_contacts_in_the_admin_site_but_not_delete_them(client, editor, kroner_error):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    assert client.get(reverse("admin:validation_followupcontact_changelist")).status_code == 200
    assert client.get(reverse("admin:validation_followupcontact_add")).status_code == 200
