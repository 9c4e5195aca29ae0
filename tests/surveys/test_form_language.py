"""The reporter form in the active language: section titles and option labels from the questionnaire's texts."""

import pytest
from django.utils import translation

from surveys.forms.section import section_fields


@pytest.mark.parametrize(
    ("language", "title", "option"),
    [
        ("nb", "Antall leger", "Annet interkommunalt samarbeid"),
        ("nn", "Talet på legar", "Anna interkommunalt samarbeid"),
        ("en", "Number of doctors", "Other inter-municipal cooperation"),
    ],
)
def test_the_form_shows_the_active_language(questionnaire, language, title, option):
    with translation.override(language):
        assert questionnaire.section("s2_2").title.startswith(title)
        fields = section_fields(questionnaire, questionnaire.section("s2_3"))
        labels = [label for _code, label in fields["s23_legevakt_organisation"].choices]
        assert any(label.startswith(option) for label in labels)
