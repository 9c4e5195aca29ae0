"""Finding 4: odd input never gives a server error. Every URL of the authorisation matrix, as a role that may
use it, gets hostile path segments, query parameters and posted fields (NUL bytes, Unicode digits, huge and
odd text) and bodies in other charsets: the answer is always below 500.
"""

import os

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kostra.inputs import whole_number
from tests.security.test_authorization_matrix import MATRIX, objects  # noqa: F401 - the fixture is used

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "6"))
HOSTILE = ["\x00", "a\x00b", "²", "٣", "２０２１", "1\x00", "-1", "1e9", "9" * 40, "", " ", "%00", "\ud7ff", "x" * 3000]
FIELDS = [
    "year", "flag", "editor", "status", "reason", "variable", "code", "note", "kommune", "remove", "action",
    "username", "email", "parts", "text", "value", "next", "back_status", "page", "format", "forfalt", "size",
    "centrality", "county", "part", "question", "channel", "outcome", "contacted_on", "_version", "_base",
]  # fmt: skip
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
hostile_fields = st.dictionaries(st.sampled_from(FIELDS), hostile_text, min_size=1, max_size=6)


def _as(objects, role):  # noqa: F811
    client = Client()
    client.force_login(objects["users"][role])
    return client


def _user_of(readers, writers) -> str:
    return sorted(writers or readers)[0]


@pytest.mark.parametrize("text", ["1", "2021", "0"])
def test_whole_number_reads_ascii_digits(text):
    assert whole_number(text) == int(text)


@pytest.mark.parametrize("text", ["²", "٣", "２０２１", "-1", " 1", "1 ", "", None, "9" * 10, "1\x00"])
def test_whole_number_refuses_everything_else(text):
    assert whole_number(text) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs", "readers", "writers"), MATRIX, ids=[f"{m[0]}#{i}" for i, m in enumerate(MATRIX)]
)
def test_hostile_query_and_post_fields_never_give_a_server_error(objects, name, kwargs, readers, writers):  # noqa: F811
    client = _as(objects, _user_of(readers, writers))
    url = reverse(name, kwargs=kwargs(objects))

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(fields=hostile_fields)
    def check(fields):
        assert client.get(url, fields).status_code < 500, (url, fields)
        assert client.post(url, fields).status_code < 500, (url, fields)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs", "readers", "writers"), MATRIX, ids=[f"{m[0]}#{i}" for i, m in enumerate(MATRIX)]
)
def test_each_hostile_value_in_every_field_never_gives_a_server_error(objects, name, kwargs, readers, writers):  # noqa: F811
    client = _as(objects, _user_of(readers, writers))
    url = reverse(name, kwargs=kwargs(objects))
    for text in HOSTILE:
        fields = dict.fromkeys(FIELDS, text)
        assert client.get(url, fields).status_code < 500, (url, text)
        assert client.post(url, fields).status_code < 500, (url, text)


@pytest.mark.django_db
@pytest.mark.parametrize("segment", ["46\x0001", "²", "٣٠١", "4601\x00", "x" * 300])
@pytest.mark.parametrize(
    ("name", "kwargs", "readers", "writers"),
    [m for m in MATRIX if {"OWN", "OTHER"} & set(m[1].__code__.co_names)],  # the URLs with a municipality
)
def test_hostile_path_segments_never_give_a_server_error(objects, name, kwargs, readers, writers, segment):  # noqa: F811
    client = _as(objects, _user_of(readers, writers))
    url = reverse(name, kwargs=kwargs(objects)).replace("/4601/", "/{}/").replace("/0301/", "/{}/")
    url = url.format(segment)
    assert client.get(url).status_code < 500
    assert client.post(url, {"reason": "x"}).status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "x-unknown", "utf-32"])
def test_a_form_posted_in_another_charset_is_a_400(objects, charset):  # noqa: F811
    client = _as(objects, "editor")
    body = "reason=hei&status=confirmed".encode("utf-16" if charset in ("utf-16", "x-unknown") else "utf-8")
    url = reverse("validation:flag-status", kwargs={"pk": objects["flag_x"].pk})
    answer = client.generic("POST", url, body, content_type=f"application/x-www-form-urlencoded; charset={charset}")
    assert answer.status_code == 400


@pytest.mark.django_db
def test_a_nul_byte_in_the_query_or_a_field_a_view_reads_is_a_400(objects):  # noqa: F811
    client = _as(objects, "editor")
    assert client.get(reverse("workbench:contacts"), {"kommune": "46\x0001"}).status_code == 400
    url = reverse("validation:flag-status", kwargs={"pk": objects["flag_x"].pk})
    answer = client.post(url, {"status": "confirmed", "reason": "ok\x00"})
    assert answer.status_code == 400
