"""Translation catalogues (locale/nb, locale/nn, locale/en), the questionnaire's texts, and pages in each language.

The msgids are written in bokmål, a few in English (the value problems of questionnaire/values.py). Every
catalogue translates every msgid, as itself where the msgid is already in that catalogue's language: so a msgid
missing, untranslated or fuzzy in any of the three is a failure, and so is nynorsk that is merely the bokmål msgid
(outside a short list of words spelt alike), or English with Norwegian letters. Placeholders and HTML tags must
survive translation, and the committed .mo files must hold exactly what the .po files say (a fresh machine without
GNU gettext uses them as they are). Where GNU gettext is installed, the .po files must also compile with format
checks and list exactly the msgids that `makemessages` extracts from the source now. The questionnaire must have
every title, label, option, help text and unit in the three languages, and every rule a title in each.
"""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.surveys.test_reporter_support import post_section, section_url

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ("nb", "nn", "en")
# Outside the extraction, as in the documented makemessages command (docs/translations.md).
NOT_EXTRACTED = {".venv", ".git", "tests", "locale", "staticfiles", "var", "__pycache__", "node_modules"}
BOKMAL = re.compile(
    r"[æøå]|\b(og|ikke|er|av|til|på|med|som|det|eller|kommunen|kommuner|skjemaet|svar|verdi|mangler|ingen|alle)\b",
    re.IGNORECASE,
)
# Bokmål forms that nynorsk does not use: a nynorsk text containing one was left in bokmål.
NOT_NYNORSK = re.compile(
    r"\b(ikke|hvis|hvordan|hvilke|hvilken|hva|hvor|hver|hvert|noen|bare|også|fra|innbyggere|ansatte|utfordringer|"
    r"kommuner|leger|deler|verdier|tabeller|mangler|endringer|flere|sykepleiere|deltakere|tjenesten|nå)\b",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*")
GETTEXT_TOOLS = all(shutil.which(tool) for tool in ("msgfmt", "xgettext", "msgmerge", "msguniq"))


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list, one per plural form), flags,
    obsolete. Enough of the format for what makemessages writes."""
    entries, entry, key = [], None, None

    def new():
        return {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set(), "obsolete": False}

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and entry["msgid"] is not None:
                entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or new()
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line)
        if match:
            name, index, text = match.groups()
            key = (name, int(index or 0))
            value = ast.literal_eval(text)
        else:
            value = entry_value(entry, key) + ast.literal_eval(line)
        if key[0] == "msgstr":
            entry["msgstr"][key[1]] = value
        else:
            entry[key[0]] = value
    return entries


def entry_value(entry, key):
    return entry["msgstr"][key[1]] if key[0] == "msgstr" else entry[key[0]]


def ident(entry) -> tuple:
    return entry["msgctxt"], entry["msgid"], entry["msgid_plural"]


def catalogue(language: str) -> dict[tuple, dict]:
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    return {ident(e): e for e in entries if e["msgid"] != ""}


def header(language: str) -> dict:
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    return next(e for e in entries if e["msgid"] == "")


def translated(entry) -> bool:
    return bool(entry["msgstr"]) and all(entry["msgstr"])


def is_bokmal(entry) -> bool:
    return bool(BOKMAL.search(entry["msgid"] + " " + (entry["msgid_plural"] or "")))


def test_the_three_catalogues_exist_and_list_the_same_msgids():
    nb, nn, en = catalogue("nb"), catalogue("nn"), catalogue("en")
    assert len(nb) > 600
    assert nb.keys() == nn.keys() == en.keys()


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_fuzzy_or_obsolete(language):
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"] or e["obsolete"]] == []
    assert f"Language: {language}\n" in header(language)["msgstr"][0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_is_translated_in_every_catalogue(language):
    assert [key[1] for key, entry in catalogue(language).items() if not translated(entry)] == []


def test_english_msgids_are_themselves_in_en_and_bokmal_msgids_themselves_in_nb():
    nb, en = catalogue("nb"), catalogue("en")
    english = [key for key, entry in nb.items() if entry["msgstr"][0] != key[1]]
    assert "below the lowest allowed value %(min)s" in [key[1] for key in english]
    assert len(english) < 20 and [key[1] for key in english if is_bokmal(en[key])] == []
    assert [key[1] for key in english if en[key]["msgstr"][0] != key[1]] == []
    bokmal = [key for key in nb if key not in english]
    assert [key[1] for key in bokmal if en[key]["msgstr"][0] == key[1] and is_bokmal(en[key])] == []


def test_english_translations_have_no_norwegian_letters():
    en = catalogue("en")
    # "Bokmål" is the English name of the written form too.
    assert [s for e in en.values() for s in e["msgstr"] if re.search("[æøåÆØÅ]", s.replace("Bokmål", ""))] == []


def test_nynorsk_is_not_bokmal():
    nn = catalogue("nn")
    left_in_bokmal = [s for e in nn.values() for s in e["msgstr"] if NOT_NYNORSK.search(s)]
    assert left_in_bokmal == []
    # A few sentences are spelt alike in both ("Rett eller forklar, og send inn på nytt."); nearly all differ.
    sentences = [e for e in nn.values() if is_bokmal(e) and len(e["msgid"].split()) > 6]
    same = [e["msgid"] for e in sentences if e["msgstr"][0] == e["msgid"]]
    assert len(sentences) > 150 and len(same) <= len(sentences) // 20, same


def test_the_questionnaire_has_every_text_in_each_language(questionnaire):
    for section in questionnaire.sections:
        assert section.title_nn and section.title_en, section.id
    for question in questionnaire.questions.values():
        assert question.label_nn and question.label_en, question.id
        options = [*question.options]
        if question.matrix:
            options += [*question.matrix.rows, *question.matrix.columns, *question.matrix.blocks]
        assert [o.code for o in options if not (o.label_no and o.label_nn and o.label_en)] == [], question.id
        if question.unit:
            assert question.unit_texts and question.unit_texts.label_nn and question.unit_texts.label_en
    nynorsk = [q.label_nn for q in questionnaire.questions.values()] + [s.title_nn for s in questionnaire.sections]
    assert [text for text in nynorsk if NOT_NYNORSK.search(text)] == []
    assert [q.label_en for q in questionnaire.questions.values() if re.search("[æøå]", q.label_en)] == []


def test_every_rule_has_a_title_and_advice_in_each_language():
    from questionnaire.rules.registry import all_rules

    catalogues = {language: catalogue(language) for language in LANGUAGES}
    rules = list(all_rules())
    assert len(rules) > 25
    for rule in rules:
        for text in [rule.title] + ([rule.suggested_fix] if rule.suggested_fix else []):
            with translation.override("nb"):
                msgid = str(text)
            for language, entries in catalogues.items():
                entry = entries.get((None, msgid, None))
                assert entry is not None and translated(entry), (rule.id, language, msgid)
            with translation.override("en"):
                assert str(text) != msgid, (rule.id, msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_html(language):
    wrong = []
    for entry in catalogue(language).values():
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for form, text in enumerate(entry["msgstr"]):
            source = sources[min(form, 1)]
            if text and (
                sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source))
                or sorted(TAG.findall(text)) != sorted(TAG.findall(source))
            ):
                wrong.append((entry["msgid"], text))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_holds_exactly_the_po_translations(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    expected = {}
    for entry in catalogue(language).values():
        if not translated(entry):
            continue
        key = entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if entry["msgid_plural"] is None:
            expected[key] = entry["msgstr"][0]
        else:
            expected.update({(key, form): text for form, text in enumerate(entry["msgstr"])})
    actual = {k: v for k, v in compiled._catalog.items() if k != ""}
    assert actual == expected, "run: manage.py compilemessages -l nb -l nn -l en --ignore=.venv"


@pytest.mark.skipif(not GETTEXT_TOOLS, reason="GNU gettext is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_po_files_compile_with_format_checks(language, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", str(tmp_path / "django.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "django.mo").stat().st_size > 1000


def _copy_sources(root: Path, target: Path) -> None:
    """The files makemessages reads (.py, .html, .txt), without the directories the documented command skips."""

    def ignore(directory, names):
        here = Path(directory)
        skipped = {n for n in names if n in NOT_EXTRACTED or n.endswith(".egg-info")}
        if here == root / "fixtures":
            skipped.add("calibrate")
        files = {n for n in names if (here / n).is_file() and Path(n).suffix not in (".py", ".html", ".txt")}
        return skipped | files

    shutil.copytree(root, target, ignore=ignore)


@pytest.mark.skipif(not GETTEXT_TOOLS, reason="GNU gettext is not installed")
def test_catalogues_list_exactly_the_msgids_of_the_source(tmp_path):
    source = tmp_path / "src"
    _copy_sources(Path(settings.BASE_DIR), source)
    (source / "locale").mkdir()  # makemessages writes into the locale directory it finds in the tree
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = {ident(e) for e in parse_po(source / "locale/en/LC_MESSAGES/django.po") if e["msgid"] != ""}
    committed = set(catalogue("en"))
    assert len(fresh) > 500
    message = "run: manage.py makemessages -l nb -l nn -l en --ignore=.venv --ignore=fixtures/calibrate --ignore=tests"
    assert sorted(fresh - committed, key=str) == [], message
    assert sorted(committed - fresh, key=str) == [], message


def _switch(client, language):
    """Choose the language as the page's language switch does (django.views.i18n.set_language)."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("nb", ['lang="nb"', "Logg inn", "Brukernavn", "Passord"], ["Log in", "Username"]),
        ("en", ['lang="en"', "Log in", "Username", "Password"], ["Logg inn", "Brukernavn"]),
    ],
)
def test_login_page_speaks_the_chosen_language(client, language, present, absent):
    _switch(client, language)
    html = client.get(reverse("login")).content.decode()
    assert [text for text in present if text not in html] == []
    assert [text for text in absent if text in html] == []


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("nb", ["Delene av skjemaet", "Ikke påbegynt", "Legevaktkartlegging (del 2-4)"], ["The parts of the form"]),
        (
            "en",
            ["The parts of the form", "Not started", "out-of-hours service survey (section 2-4)"],
            ["Delene av skjemaet"],
        ),
    ],
)
def test_reporter_overview_speaks_the_chosen_language(client, reporter, kommune, language, present, absent):
    client.force_login(reporter)
    _switch(client, language)
    html = client.get(reverse("surveys:overview", args=(2021, kommune.number))).content.decode()
    assert [text for text in present if text not in html] == []
    assert [text for text in absent if text in html] == []


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("nb", ["Arbeidsliste", "Filtrer arbeidslisten", "Nullstill"], ["Work list", "Reset"]),
        ("en", ["Work list", "Filter the work list", "Reset"], ["Arbeidsliste", "Nullstill"]),
    ],
)
def test_editor_queue_speaks_the_chosen_language(client, editor, survey_2021, language, present, absent):
    client.force_login(editor)
    _switch(client, language)
    html = client.get(reverse("workbench:queue")).content.decode()
    assert [text for text in present if text not in html] == []
    assert [text for text in absent if text in html] == []


@pytest.mark.parametrize(
    ("language", "message", "other"),
    [
        ("nb", "ikke et helt tall", "not a whole number"),
        ("en", "not a whole number", "ikke et helt tall"),
    ],
)
def test_invalid_value_in_reporter_form_is_explained_in_the_chosen_language(
    client, reporter, kommune, questionnaire, language, message, other
):
    client.force_login(reporter)
    _switch(client, language)
    values = {"s22_doctors_with_gp_contract": "tolv"}
    assert post_section(client, questionnaire, kommune.number, "s2_2", values).status_code == 302
    html = client.get(section_url(kommune.number, "s2_2")).content.decode()
    assert 'value="tolv"' in html and message in html
    assert other not in html
