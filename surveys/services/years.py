"""A survey year in the database: its Survey row from the definition file, and the register it needs."""

from kostra.reference.loading import load_register
from questionnaire.loader import definition_name, load_definition
from surveys.models import Survey


def ensure_survey(year: int, survey_model=None):
    """Create the Survey row of `year` from its definition file (used by the data migration and tests)."""
    survey_model = survey_model or Survey  # the data migration passes its historical model
    name = definition_name(year)
    questionnaire = load_definition(name)
    survey, _created = survey_model.objects.get_or_create(
        year=year, defaults={"definition_file": name, "questionnaire_version": questionnaire.version}
    )
    return survey


def load_reference_data(year: int = 2021) -> None:
    """Everything a freshly flushed database needs for `year`: the register and the survey."""
    load_register(year)
    ensure_survey(year)
