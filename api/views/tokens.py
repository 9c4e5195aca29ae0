"""A signed-in user's API tokens: create one (shown once), see them with last use and expiry, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api import tokens
from api.forms import TokenForm


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.create_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
            form = TokenForm()
        except tokens.TokenError as exc:
            form.add_error(exc.field, str(exc))
    context = {"form": form, "created": created, "tokens": tokens.tokens_of(request.user)}
    return render(request, "api/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(tokens.tokens_of(request.user), pk=pk)  # another user's token: 404
    if tokens.revoke(request.user, token.pk):
        messages.success(request, _("Nøkkelen %(name)s er trukket tilbake.") % {"name": token.name})
    else:
        messages.error(request, _("Nøkkelen var allerede trukket tilbake."))
    return redirect("api:tokens")
