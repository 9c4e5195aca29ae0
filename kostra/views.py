from django.shortcuts import render

from kostra.roles import is_editor
from surveys.models import Survey


def home(request):
    """The landing page: what the signed-in user can do, by role."""
    survey = Survey.objects.order_by("-year").first()
    context = {"survey": survey, "is_editor": is_editor(request.user)}
    return render(request, "home.html", context)
