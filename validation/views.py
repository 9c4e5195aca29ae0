"""Editors' pages: the rules with their open flags, a rule's flags, starting a year run and following it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kostra.roles import is_editor
from questionnaire.rules.registry import get_rule
from surveys.models import Survey
from validation import services
from validation.models import Flag, RuleRun
from validation.services.overview import flags_for_rule, recent_runs, rules_with_counts


def _editor(request) -> None:
    if not is_editor(request.user):
        raise PermissionDenied


def _survey(request) -> Survey | None:
    year = request.GET.get("year") or request.POST.get("year")
    if year:
        return get_object_or_404(Survey, year=year) if str(year).isdigit() else None
    return Survey.objects.order_by("-year").first()


@login_required
def rules(request):
    _editor(request)
    survey = _survey(request)
    context = {"survey": survey, "rules": rules_with_counts(survey), "runs": recent_runs(survey)}
    return render(request, "validation/rules.html", context)


@login_required
def rule_detail(request, rule_id: str):
    _editor(request)
    try:
        rule = get_rule(rule_id)
    except KeyError:
        raise Http404("no such rule") from None
    survey = _survey(request)
    if survey is None:
        raise Http404("no survey")
    status = request.GET.get("status", Flag.Status.OPEN)
    status = status if status in Flag.Status.values else ""
    context = {
        "survey": survey,
        "rule": rule,
        "flags": flags_for_rule(survey, rule.id, status or None),
        "status": status,
        "statuses": Flag.Status.choices,
    }
    return render(request, "validation/rules_detail.html", context)


@login_required
@require_POST
def flag_status(request, pk: int):
    _editor(request)
    flag = get_object_or_404(Flag.objects.select_related("response__survey"), pk=pk)
    try:
        services.set_flag_status(
            flag, request.POST.get("status", ""), editor=request.user, reason=request.POST.get("reason", "")
        )
    except services.FlagError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status for flagget er endret."))
    query = urlencode({"year": flag.response.survey.year, "status": request.POST.get("back_status", "")})
    return redirect(f"{reverse('validation:rule-detail', args=[flag.rule_id])}?{query}")


@login_required
@require_POST
def run_start(request):
    _editor(request)
    survey = _survey(request)
    if survey is None:
        raise Http404("no survey")
    run = services.start_year_run(survey, user=request.user)
    return redirect("validation:run-progress", run.pk)


@login_required
def run_progress(request, pk: int):
    _editor(request)
    run = get_object_or_404(RuleRun.objects.select_related("survey"), pk=pk)
    return render(request, "validation/run_progress.html", {"run": run, "progress": services.progress(run)})


@login_required
def run_progress_json(request, pk: int):
    _editor(request)
    return JsonResponse(services.progress(get_object_or_404(RuleRun, pk=pk)))
