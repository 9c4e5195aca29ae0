from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kostra.languages.services import save_choice


@require_POST
def set_language(request):
    """Django's language switch, which also saves a signed-in user's choice so it follows them."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        save_choice(request.user, request.POST.get("language", ""))
    return response
