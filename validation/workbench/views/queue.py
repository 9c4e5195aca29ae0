"""The work queue and assigning responses."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kostra.inputs import whole_number
from kostra.roles import editor_required
from surveys.models import Response
from validation.services.stopping import cell_label, stop_estimate
from validation.workbench import actions
from validation.workbench.access import get_response, get_survey
from validation.workbench.forms import QueueFilterForm, editors
from validation.workbench.queue import status_counts, top_flags, work_queue

PER_PAGE = 25


@editor_required
def queue(request):
    survey = get_survey(request)
    form = QueueFilterForm(request.GET, year=survey.year)
    filters = form.filters()
    page = Paginator(work_queue(survey, filters, request.user), PER_PAGE).get_page(request.GET.get("page"))
    best = top_flags(page.object_list, filters)
    stop = stop_estimate(survey)
    for response in page.object_list:
        response.top_flag = best.get(response.pk)
        response.below_threshold = (response.total_score or 0) < stop.threshold
    query = request.GET.copy()
    query.pop("page", None)
    counts = status_counts(survey, filters, request.user)
    context = {
        "survey": survey,
        "form": form,
        "page": page,
        "counts": [(value, label, counts.get(value, 0)) for value, label in Response.EditingStatus.choices],
        "query": query.urlencode(),
        "without_status": _without(query, "editing_status"),
        "editors": list(editors()),
        "stop": stop,
        "worst_cell": cell_label(stop.at_threshold.worst_cell),
    }
    return render(request, "validation/workbench/queue.html", context)


def _without(query, name: str) -> str:
    query = query.copy()
    query.pop(name, None)
    return query.urlencode()


def back_to(request, fallback: str) -> str:
    """The `next` URL of a POST if it is a path of ours, else `fallback` (a bare word would be read as a view name)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@editor_required
@require_POST
def assign(request, year: int, kommune: str):
    response = get_response(year, kommune)
    choice = request.POST.get("editor", "")
    if choice == "me":
        assignee = request.user
    elif whole_number(choice) is not None:
        assignee = get_user_model().objects.filter(pk=whole_number(choice)).first()
    else:
        assignee = None
    try:
        actions.assign(response, assignee, by=request.user)
    except actions.WorkbenchError as error:
        messages.error(request, str(error))
    else:
        who = assignee.get_username() if assignee else _("ingen")
        messages.success(request, _("%(kommune)s er tildelt %(who)s.") % {"kommune": response.municipality, "who": who})
    return redirect(back_to(request, "workbench:queue"))
