from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from kostra.languages.services import save_choice, saved_choice


@receiver(user_logged_in)
def keep_choice_made_before_login(sender, request, user, **kwargs):
    """A language chosen on the login page (the switch's cookie) becomes the user's choice if they had none."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if request is not None else None
    if chosen and saved_choice(user) is None:
        save_choice(user, chosen)
