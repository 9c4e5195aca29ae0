"""A section's check (what a save in place answers with) has exactly the findings the whole response's check
gives that section, explanations included."""

from surveys.models import Explanation
from surveys.services.entry.checks import check_response
from surveys.services.interchange import import_responses
from tests.validation.conftest import SAMPLE


def test_a_sections_check_is_the_whole_checks_findings_of_that_section(survey_2021):
    import_responses(SAMPLE / "responses_linked_injected.csv", survey_2021)
    questionnaire = survey_2021.questionnaire
    responses = list(survey_2021.responses.select_related("survey", "municipality")[:40])
    explained = 0
    for response in responses:
        whole = check_response(response)
        for hit in [f for f in whole.findings if f.rule_id][:1]:  # an explanation on some hits
            Explanation.objects.create(
                response=response, rule_id=hit.rule_id, variables="|".join(hit.variables), text="Stemmer."
            )
            explained += 1
        whole = check_response(response)
        for section in questionnaire.sections:
            own = check_response(response, section=section.id)
            assert own.findings == [f for f in whole.findings if f.section_id == section.id], (
                response.municipality.number,
                section.id,
            )
    assert explained > 5  # the planted errors gave rule hits to compare, explained ones among them
