"""Follow-up contacts: the year's list, logging a contact, updating it, and the metrics page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kostra.inputs import municipality_number, whole_numbers
from kostra.reference.models import Municipality
from kostra.roles import editor_required
from surveys.models import Survey
from validation.models import Flag, FollowUpContact
from validation.workbench import followups
from validation.workbench.access import get_survey
from validation.workbench.actions import WorkbenchError
from validation.workbench.forms import ContactForm


@editor_required
def contacts(request):
    survey = get_survey(request)
    rows = survey.follow_ups.select_related("municipality", "editor").prefetch_related("flags")
    number = municipality_number(request.GET.get("kommune"))
    if number:
        rows = rows.filter(municipality__number=number)
    if request.GET.get("forfalt"):
        rows = rows.filter(outcome=FollowUpContact.Outcome.NO_ANSWER, follow_up_on__lt=timezone.localdate())
    municipalities = Municipality.objects.filter(year=survey.year, responses__survey=survey).order_by("number")
    context = {"survey": survey, "contacts": rows, "municipalities": municipalities, "kommune": number}
    return render(request, "validation/workbench/contacts.html", context)


def _flags_of(survey, municipality):
    return Flag.objects.filter(response__survey=survey, response__municipality=municipality).order_by(
        "status", "-score"
    )


@editor_required
@require_http_methods(["GET", "POST"])
def contact_new(request, year: int, kommune: str):
    survey = get_object_or_404(Survey, year=year)
    municipality = get_object_or_404(Municipality, year=year, number=kommune)
    flags = _flags_of(survey, municipality)
    initial = {
        "contacted_on": timezone.localdate(),
        "flags": whole_numbers(request.GET.getlist("flag")),
    }
    form = ContactForm(request.POST or None, flags=flags, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("flags")
        try:
            followups.log_contact(survey, municipality, editor=request.user, flags=chosen, **data)
        except WorkbenchError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Kontakten med %(kommune)s er logget.") % {"kommune": municipality})
            return redirect(f"{reverse('workbench:contacts')}?year={year}&kommune={kommune}")
    context = {"survey": survey, "municipality": municipality, "form": form, "contact": None}
    return render(request, "validation/workbench/contact_form.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int):
    contact = get_object_or_404(FollowUpContact.objects.select_related("survey", "municipality"), pk=pk)
    form = ContactForm(request.POST or None, instance=contact, flags=_flags_of(contact.survey, contact.municipality))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in followups.FIELDS}
        try:
            followups.update_contact(contact, editor=request.user, flags=form.cleaned_data["flags"], **data)
        except WorkbenchError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Kontakten er oppdatert."))
            number = contact.municipality.number
            return redirect(f"{reverse('workbench:contacts')}?year={contact.survey.year}&kommune={number}")
    context = {"survey": contact.survey, "municipality": contact.municipality, "form": form, "contact": contact}
    return render(request, "validation/workbench/contact_form.html", context)


@editor_required
def metrics(request):
    survey = get_survey(request)
    result = followups.metrics_for_survey(survey)
    channels = FollowUpContact.Channel.choices
    outcomes = FollowUpContact.Outcome.choices
    by_channel = [
        (label, [result.by_channel.get(value, {}).get(outcome, 0) for outcome, _label in outcomes])
        for value, label in channels
    ]
    totals = [sum(row[i] for _label, row in by_channel) for i in range(len(outcomes))]
    overdue_ids = [fact.id for fact in result.overdue]
    overdue = FollowUpContact.objects.filter(pk__in=overdue_ids).select_related("municipality", "editor")
    overdue = sorted(overdue, key=lambda c: (c.follow_up_on, c.municipality.number))
    context = {
        "survey": survey,
        "metrics": result,
        "outcomes": outcomes,
        "by_channel": by_channel,
        "totals": totals,
        "overdue": overdue,
    }
    return render(request, "validation/workbench/metrics.html", context)
