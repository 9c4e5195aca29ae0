"""Forms of the workbench pages. Required reasons are checked here for the message and again in the services."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kostra.reference.groups import CENTRALITY_LABELS, SIZE_GROUPS
from kostra.reference.models import Municipality
from kostra.roles import ADMINS, EDITORS
from questionnaire.rules.registry import all_rules
from surveys.models import ChangeLog, Response
from validation.models import Flag, FollowUpContact
from validation.workbench.queue import ANY_EDITOR, ME, NO_EDITOR, QueueFilters

PARTS = ("A", "B", "C", "D")


def reason_field() -> forms.CharField:
    return forms.CharField(label=_("Begrunnelse"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def editors():
    """Users who may be given a response: members of the editors or admins groups, and superusers."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(groups__name__in=(EDITORS, ADMINS)) | Q(is_superuser=True)).distinct().order_by("username")


class QueueFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Regel"), required=False)
    severity = forms.ChoiceField(
        label=_("Alvorlighet"), required=False, choices=[("", _("Alle"))] + list(Flag.Severity.choices)
    )
    part = forms.ChoiceField(
        label=_("Del"), required=False, choices=[("", _("Alle"))] + [(p, _("Del %(p)s") % {"p": p}) for p in PARTS]
    )
    size = forms.TypedChoiceField(
        label=_("Størrelse"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alle"))] + [(str(i), label) for i, (_low, label) in enumerate(SIZE_GROUPS)],
    )
    centrality = forms.TypedChoiceField(
        label=_("Sentralitet"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alle"))] + [(str(k), v) for k, v in CENTRALITY_LABELS.items()],
    )
    county = forms.ChoiceField(label=_("Fylke"), required=False)
    editing_status = forms.ChoiceField(
        label=_("Kontrollstatus"), required=False, choices=[("", _("Alle"))] + list(Response.EditingStatus.choices)
    )
    editor = forms.ChoiceField(label=_("Kontrollør"), required=False)
    sort = forms.ChoiceField(
        label=_("Rangering"),
        required=False,
        choices=[("max", _("Høyeste flagg")), ("sum", _("Sum av flagg"))],
    )
    everything = forms.BooleanField(label=_("Vis også svar uten åpne flagg"), required=False)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("Alle"))] + [(r.id, f"{r.id} {r.title}") for r in all_rules()]
        counties = (
            Municipality.objects.filter(year=year)
            .order_by("county_number")
            .values_list("county_number", "county_name")
            .distinct()
        )
        self.fields["county"].choices = [("", _("Alle"))] + [(n, f"{n} {name}") for n, name in counties]
        self.fields["editor"].choices = [
            (ANY_EDITOR, _("Alle")),
            (ME, _("Meg")),
            (NO_EDITOR, _("Ingen")),
        ] + [(str(u.pk), u.get_username()) for u in editors()]

    def filters(self) -> QueueFilters:
        """The valid filters; an invalid value is ignored rather than refused."""
        if not self.is_valid():
            valid = {name: self.cleaned_data[name] for name in self.cleaned_data if name not in self.errors}
        else:
            valid = self.cleaned_data
        return QueueFilters(**{k: v for k, v in valid.items() if v not in (None, "")})


class FlagActionForm(forms.Form):
    ACTIONS = ("confirmed", "dismissed", "correct", "suggestion", "reopen")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    reason = forms.CharField(max_length=2000)
    variable = forms.CharField(required=False, max_length=100)
    value = forms.CharField(required=False, max_length=2000, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "correct" and not data.get("variable"):
            self.add_error("variable", _("Velg variabelen som skal rettes."))
        return data


class CorrectionForm(forms.Form):
    variable = forms.CharField(label=_("Variabel"), max_length=100)
    value = forms.CharField(label=_("Ny verdi"), required=False, max_length=2000, strip=False)
    reason = reason_field()


class SendBackForm(forms.Form):
    message = forms.CharField(
        label=_("Melding til kommunen"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    flags = forms.ModelMultipleChoiceField(
        label=_("Flaggede spørsmål som tas med i meldingen"),
        queryset=Flag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, response: Response, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flags"].queryset = response.flags.filter(status=Flag.Status.OPEN).order_by("-score")
        self.fields["flags"].label_from_instance = lambda f: f"{f.rule_id}: {f.message}"
        self.fields["flags"].initial = list(self.fields["flags"].queryset)


class AssignForm(forms.Form):
    editor = forms.ModelChoiceField(label=_("Tildel til"), queryset=None, required=False, empty_label=_("Ingen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = editors()


class CodeForm(forms.Form):
    variable = forms.CharField(max_length=100)
    code = forms.CharField(required=False, max_length=20)
    note = forms.CharField(required=False, max_length=2000)


class ContactForm(forms.ModelForm):
    class Meta:
        model = FollowUpContact
        fields = ["contacted_on", "channel", "flags", "question", "outcome", "follow_up_on", "notes"]
        widgets = {
            "contacted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "flags": forms.CheckboxSelectMultiple,
            "question": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, flags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flags"].queryset = flags
        self.fields["flags"].label_from_instance = lambda f: f"{f.rule_id} ({f.get_status_display()}): {f.message}"
        self.fields["flags"].required = False


class AuditFilterForm(forms.Form):
    variable = forms.ChoiceField(label=_("Variabel"), required=False)
    source = forms.ChoiceField(label=_("Kilde"), required=False, choices=[("", _("Alle"))] + ChangeLog.Source.choices)

    def __init__(self, *args, variables: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variable"].choices = [("", _("Alle"))] + [(v, v) for v in variables]

    def values(self) -> dict[str, str]:
        if self.is_valid():
            return {"variable": self.cleaned_data["variable"], "source": self.cleaned_data["source"]}
        return {"variable": "", "source": ""}
