"""The editors' threshold for selective editing (shown with the stop estimate on the queue page)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kostra.roles import editor_required
from validation.services.stopping import ThresholdError, set_threshold
from validation.workbench.access import get_survey


@editor_required
@require_POST
def threshold(request):
    survey = get_survey(request)
    try:
        setting = set_threshold(
            survey, request.POST.get("threshold", ""), editor=request.user, reason=request.POST.get("reason", "")
        )
    except ThresholdError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Terskelen for %(year)s er %(value)s.") % {"year": survey.year, "value": setting.threshold}
        )
    return redirect(f"{reverse('workbench:queue')}?year={survey.year}")
