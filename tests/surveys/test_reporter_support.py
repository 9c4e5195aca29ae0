"""Helpers for the reporter tests: post a section as the browser does (hidden _version and _base included)."""

import re

from django.urls import reverse

from surveys.models import Response

_HIDDEN = re.compile(r'<input type="hidden" name="(_version|_base)" value="([^"]*)"')


def section_url(number, section_id, year=2021):
    return reverse("surveys:section", args=(year, number, section_id))


def form_data(questionnaire, values):
    """Stored-encoding values as a browser posts them: ticked boxes 'on', multi-choice as lists."""
    data = {}
    for var_id, text in values.items():
        kind = questionnaire.variables[var_id].type
        if kind == "checkbox":
            if text == "1":
                data[var_id] = "on"
        elif kind == "multi_choice":
            data[var_id] = text.split("|") if text else []
        else:
            data[var_id] = text
    return data


def page_state(client, number, section_id):
    """(_version, _base) of a section page as rendered now."""
    html = client.get(section_url(number, section_id)).content.decode()
    return dict(_HIDDEN.findall(html))


def post_section(client, questionnaire, number, section_id, values, state=None, keep=True, headers=None, **extra):
    """Post `values` (stored encoding) to a section page as a browser would: the section's other stored
    answers are posted unchanged (unless keep=False); `state` is the page's (_version, _base), else a fresh GET.
    `extra` are more fields, `headers` more request headers."""
    state = state or page_state(client, number, section_id)
    current = {}
    response = Response.objects.filter(municipality__number=number).first()
    if keep and response:
        own = set(questionnaire.section(section_id).variable_ids)
        current = {k: v for k, v in response.raw_values.items() if k in own}
    data = {**state, **form_data(questionnaire, {**current, **values}), **extra}
    return client.post(section_url(number, section_id), data, headers=headers)


def stored(number="4601"):
    return Response.objects.get(municipality__number=number).raw_values


def is_checked(html, input_id):
    """Whether the input with this id is rendered checked (attribute order does not matter)."""
    tag = re.search(rf'<input[^>]*\bid="{re.escape(input_id)}"[^>]*>', html).group(0)
    return re.search(r"\schecked[\s>=]", tag) is not None


def stale_after_colleague(client, colleague_client, questionnaire, number):
    """The reporter's Part E page (_version, _base) from before a colleague answered e_split_onsite_backup 'ja';
    the reporter answered e_hours_from_systems 'ja' first."""
    post_section(client, questionnaire, number, "part_e", {"e_hours_from_systems": "ja"})
    stale = page_state(client, number, "part_e")
    post_section(colleague_client, questionnaire, number, "part_e", {"e_split_onsite_backup": "ja"})
    return stale
