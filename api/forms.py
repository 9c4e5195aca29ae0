from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from api.tokens import NAME_MAX

DEFAULT_DAYS = 90


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"aria-describedby": "name-help", "autocomplete": "off"}),
        help_text=_("Hva nøkkelen brukes til, f.eks. «Fagsystem legevakt». Står i endringsloggen ved hver endring."),
    )
    days = forms.IntegerField(
        label=_("Gyldig i dager"), min_value=1, max_value=settings.API_TOKEN_MAX_DAYS, initial=DEFAULT_DAYS
    )
