"""The main contact's page: who reports for the municipality, inviting colleagues, assigning parts."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from surveys.forms.team import InviteForm
from surveys.services.entry import errors, membership
from surveys.views.access import get_entry


@login_required
@require_http_methods(["GET", "POST"])
def team(request, year, kommune):
    entry = get_entry(request, year, kommune)
    form = InviteForm(request.POST if request.method == "POST" and "invite" in request.POST else None)
    if request.method == "POST":
        if not entry.membership.is_main_contact:
            raise PermissionDenied
        try:
            if "remove" in request.POST:
                membership.remove_member(entry.membership, int(request.POST["remove"]))
                messages.success(request, _("Medlemmet er fjernet."))
                return redirect("surveys:team", year, kommune)
            if form.is_valid():
                invitation = membership.invite(
                    entry.membership,
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    parts=form.parts_text(),
                    user=request.user,
                )
                _announce(request, invitation)
                return redirect("surveys:team", year, kommune)
        except (errors.EntryError, ValueError) as exc:
            messages.error(request, str(exc))
    context = {
        "entry": entry,
        "survey": entry.survey,
        "municipality": entry.municipality,
        "members": membership.team(kommune),
        "form": form,
    }
    return render(request, "surveys/team.html", context)


def _announce(request, invitation) -> None:
    """Tell the main contact what happened; a new user gets a link for choosing a password."""
    user = invitation.membership.user
    if not invitation.created_user:
        messages.success(request, _("%(user)s er lagt til.") % {"user": user.get_username()})
        return
    link = request.build_absolute_uri(
        reverse(
            "surveys:set-password",
            args=(urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)),
        )
    )
    messages.success(
        request,
        _("Brukeren %(user)s er opprettet. Send denne lenken til kollegaen for å velge passord: %(link)s")
        % {"user": user.get_username(), "link": link},
    )


set_password = auth_views.PasswordResetConfirmView.as_view(
    template_name="surveys/set_password.html", success_url=reverse_lazy("login")
)
