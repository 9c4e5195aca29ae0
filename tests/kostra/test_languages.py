"""Which language a person gets: own choice, then the municipality's målform (register), then the browser."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from kostra.languages.models import LanguageChoice
from kostra.reference.loading import RegisterError, load_register, read_register
from kostra.reference.models import Municipality
from surveys.models import Membership

NYNORSK_KOMMUNE = "4602"  # Kinn: nynorsk by the 2021 register
HEADER = "kommunenummer,kommunenavn,fylkesnummer,fylkesnavn,innbyggere,sentralitet_klasse,sentralitet_indeks"


def _reporter_of(number, username="nynorsk"):
    user = get_user_model().objects.create_user(username, password="pw-for-tests-only")
    Membership.objects.create(user=user, municipality_number=number, is_main_contact=True)
    return user


def _html_lang(client, url, **headers):
    html = client.get(url, **headers).content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0], html


@pytest.mark.django_db
def test_the_2021_register_gives_each_municipality_a_written_form(survey_2021):
    forms = dict(Municipality.objects.filter(year=2021).values_list("number", "written_form"))
    assert len(forms) == 356 and set(forms.values()) <= {"nb", "nn", "neutral"}
    assert sum(form == "nn" for form in forms.values()) == 90
    assert forms[NYNORSK_KOMMUNE] == "nn" and forms["4601"] == "neutral" and forms["0301"] == "neutral"


def test_register_written_form_errors_name_row_and_column(tmp_path):
    bad = tmp_path / "kommuner_2030.csv"
    bad.write_text(f"{HEADER},maalform\n0301,Oslo,03,Oslo,1,1,1000,nynorsk\n", encoding="utf-8")
    with pytest.raises(RegisterError, match="row 2, column maalform: not one of nb, nn, neutral"):
        read_register(bad)


@pytest.mark.django_db
def test_a_register_without_the_column_loads_as_neutral(tmp_path):
    path = tmp_path / "kommuner_2030.csv"
    path.write_text(f"{HEADER}\n0301,Oslo,03,Oslo,1,1,1000\n", encoding="utf-8")
    load_register(2030, path)
    assert Municipality.objects.get(year=2030, number="0301").written_form == "neutral"


@pytest.mark.django_db
def test_a_nynorsk_municipality_gets_the_nynorsk_form_on_first_login(client, survey_2021):
    _reporter_of(NYNORSK_KOMMUNE)
    response = client.post(reverse("login"), {"username": "nynorsk", "password": "pw-for-tests-only"})
    assert response.status_code == 302
    url = reverse("surveys:overview", args=(2021, NYNORSK_KOMMUNE))
    lang, html = _html_lang(client, url, HTTP_ACCEPT_LANGUAGE="nb")
    assert lang == "nn"
    assert "Delane av skjemaet" in html and "Delene av skjemaet" not in html
    assert not LanguageChoice.objects.exists()  # nothing was chosen, the register decided


def test_a_neutral_municipality_follows_the_browser(client, reporter, kommune):
    client.force_login(reporter)
    url = reverse("surveys:overview", args=(2021, kommune.number))
    assert _html_lang(client, url, HTTP_ACCEPT_LANGUAGE="en")[0] == "en"
    assert _html_lang(client, url, HTTP_ACCEPT_LANGUAGE="nb")[0] == "nb"


def test_an_admin_correction_of_the_written_form_takes_effect(client, reporter, kommune):
    client.force_login(reporter)
    Municipality.objects.filter(pk=kommune.pk).update(written_form="nn")
    url = reverse("surveys:overview", args=(2021, kommune.number))
    assert _html_lang(client, url, HTTP_ACCEPT_LANGUAGE="en")[0] == "nn"


@pytest.mark.django_db
def test_the_users_own_choice_outranks_the_register_and_is_saved(client, survey_2021):
    user = _reporter_of(NYNORSK_KOMMUNE)
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert LanguageChoice.objects.get(user=user).language == "en"
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]  # another browser: the choice follows the user
    url = reverse("surveys:overview", args=(2021, NYNORSK_KOMMUNE))
    lang, html = _html_lang(client, url, HTTP_ACCEPT_LANGUAGE="nb")
    assert lang == "en" and "The parts of the form" in html


@pytest.mark.django_db
def test_a_choice_made_on_the_login_page_becomes_the_users_choice(client, survey_2021):
    user = _reporter_of(NYNORSK_KOMMUNE)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("login"), {"username": "nynorsk", "password": "pw-for-tests-only"})
    assert LanguageChoice.objects.get(user=user).language == "en"


def test_the_switch_offers_the_two_other_languages_marked_with_their_language(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert '<html lang="nn">' in html
    assert 'lang="nb">Bokmål</button>' in html and 'lang="en">English</button>' in html
    assert 'value="nn"' not in html


def test_an_admin_can_correct_the_written_form(admin_client, survey_2021):
    municipality = Municipality.objects.get(year=2021, number="4601")
    url = reverse("admin:reference_municipality_change", args=(municipality.pk,))
    assert 'name="written_form"' in admin_client.get(url).content.decode()


def test_an_editor_reads_a_nynorsk_municipality_in_their_own_language(client, editor, response_factory):
    response_factory(number=NYNORSK_KOMMUNE)
    client.force_login(editor)
    url = reverse("workbench:review", args=(2021, NYNORSK_KOMMUNE))
    assert _html_lang(client, url, HTTP_ACCEPT_LANGUAGE="nb")[0] == "nb"


@pytest.mark.parametrize(
    ("language", "title"), [("nb", "Netto driftsutgifter mangler"), ("nn", "Netto driftsutgifter manglar")]
)
def test_rules_page_names_rules_in_the_language_without_english_descriptions(client, editor, language, title):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = client.get(reverse("validation:rules")).content.decode()
    assert title in html and 'id="EQ-07"' in html  # the id stays visible next to the name
    assert "Net operating expenditure missing" not in html and " is missing" not in html


def test_published_bokmal_table_texts_are_marked_on_other_language_pages(client, editor, survey_2021):
    client.force_login(editor)  # editors read the live tables
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    html = client.get(reverse("tables:index", args=(2021,))).content.decode()
    assert '<html lang="nn">' in html and '<span lang="nb">' in html
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert '<span lang="nb">' not in client.get(reverse("tables:index", args=(2021,))).content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("nb", "Fant ikke siden"), ("nn", "Fann ikkje sida"), ("en", "Page not found")]
)
def test_error_pages_speak_the_chosen_language(client, settings, language, text):
    settings.DEBUG = False
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    answer = client.get("/finst-ikkje/")
    assert answer.status_code == 404
    html = answer.content.decode()
    assert f'<html lang="{language}">' in html and text in html
