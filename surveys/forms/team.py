"""The main contact's form for adding a colleague and choosing the parts they may fill in."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

PART_CHOICES = [(p, _("Del %(part)s") % {"part": p}) for p in "ABCDE"]


class InviteForm(forms.Form):
    username = forms.CharField(
        label=_("Brukernavn"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("En eksisterende bruker legges til; ellers opprettes en ny bruker."),
    )
    email = forms.EmailField(label=_("E-post (for ny bruker)"), required=False)
    parts = forms.MultipleChoiceField(
        label=_("Deler kollegaen kan fylle ut"),
        choices=PART_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ingen avkrysning gir tilgang til hele skjemaet."),
    )

    def parts_text(self) -> str:
        """Membership.parts: '' for all parts, else the letters joined by '|'."""
        chosen = self.cleaned_data["parts"]
        return "" if set(chosen) == {p for p, _label in PART_CHOICES} else "|".join(chosen)
