"""API keys in the console (`/console/api-keys/`): list with last use, create (the key is shown once), revoke.

Like Stripe's keys: the key itself is shown on the page right after it was created and never again (only its
hash is stored); a lost key is revoked and replaced.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from members.permissions import Audience, audience_required, get_for_user_or_404

from .api_key_forms import ApiKeyCreateForm
from .models import BankApiKey
from .services import api_key_create, api_key_revoke


def _keys(user):
    return BankApiKey.objects.visible_to(user).select_related("created_by", "revoked_by").order_by("-created")


@audience_required(Audience.CONSOLE)
def api_key_list(request: HttpRequest) -> HttpResponse:
    return render(request, "fiadmin/api_keys.html", {"keys": _keys(request.user)})


@never_cache
@audience_required(Audience.CONSOLE)
def api_key_new(request: HttpRequest) -> HttpResponse:
    form = ApiKeyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            api_key, key = api_key_create(institution=request.user.institution, created_by=request.user,
                                          **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # Rendered, not redirected: the key must not travel through a URL, a session or a message.
            return render(request, "fiadmin/api_key_created.html", {"api_key": api_key, "key": key})
    return render(request, "fiadmin/api_key_form.html", {"form": form})


@audience_required(Audience.CONSOLE)
def api_key_revoke_view(request: HttpRequest, prefix: str) -> HttpResponse:
    """GET asks for confirmation (it cannot be undone); POST revokes."""
    api_key = get_for_user_or_404(BankApiKey.objects.select_related("created_by"), request.user, prefix=prefix)
    if request.method != "POST" or api_key.revoked:
        return render(request, "fiadmin/api_key_revoke.html", {"api_key": api_key})
    api_key_revoke(api_key=api_key, revoked_by=request.user)
    messages.success(request, _("API キー「%(name)s」を無効化しました。このキーでの呼び出しは 401 になります。")
                     % {"name": api_key.name})
    return redirect("console:api_keys")
