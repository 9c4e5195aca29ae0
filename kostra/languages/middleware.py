"""Activates a signed-in user's language (see services.language_for) before the view runs."""

from django.utils import translation

from kostra.languages.services import language_for


class UserLanguageMiddleware:
    """After LocaleMiddleware (cookie, browser) and AuthenticationMiddleware: a signed-in user's own choice or
    municipality's målform outranks what the browser asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        year, number = view_kwargs.get("year"), view_kwargs.get("kommune")
        language = language_for(
            user, year if isinstance(year, int) else None, number if isinstance(number, str) else None
        )
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return None
