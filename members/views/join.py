"""Public pages of joining: the application form of one bank, the confirmation, the email verification link,
and the invitation's first-password page. Thin: the rules are in members/join/."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ..join import services
from ..join.forms import ApplicationForm, InvitationPasswordForm
from ..join.invitations import invitation_accept
from ..join.throttle import submission_allowed
from ..join.tokens import application_id_from_token, invitation_tokens
from ..models import FinancialInstitution
from ..terms.state import current_terms_document

THROTTLED = _("短時間に多くのお申し込みがありました。しばらく時間をおいてから、もう一度お試しください。")


def _running_bank(code: str) -> FinancialInstitution | None:
    return FinancialInstitution.objects.filter(code=code, status=FinancialInstitution.Status.ACTIVE).first()


@csrf_protect
@never_cache
def application_form(request: HttpRequest, code: str) -> HttpResponse:
    institution = _running_bank(code)
    if request.method != "POST":
        if institution is None:
            raise Http404
        terms = current_terms_document()
        form = ApplicationForm(terms_document_id=terms.pk if terms else None)
        return render(request, "members/join/application_form.html",
                      {"form": form, "institution": institution, "terms": terms})
    if institution is None:  # nothing to apply to; the answer is the one every application gets
        return redirect("join:sent")
    terms = current_terms_document()
    form = ApplicationForm(request.POST, terms_document_id=terms.pk if terms else None)
    context = {"form": form, "institution": institution, "terms": terms}
    if not form.is_valid() or terms is None:
        return render(request, "members/join/application_form.html", context, status=400)
    if not submission_allowed(ip_address=get_client_ip_address(request), email=form.cleaned_data["email"]):
        form.add_error(None, THROTTLED)
        return render(request, "members/join/application_form.html", context, status=429)
    if not form.is_trap_filled:
        try:
            services.application_submit(institution_code=code, terms_document=terms, account_confirmed=True,
                                        ip_address=get_client_ip_address(request), **form.application_values())
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "members/join/application_form.html", context, status=400)
    return redirect("join:sent")


def application_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "members/join/application_sent.html")


@csrf_protect
@never_cache
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link shows a button; pressing it confirms the address (mail scanners that open links do not
    press buttons). Pressing it again changes nothing."""
    application_id = application_id_from_token(token)
    if application_id is None:
        return render(request, "members/join/verified.html", {"invalid": True}, status=400)
    if request.method != "POST":
        return render(request, "members/join/verify.html")
    application = services.application_verify_email(application_id=application_id)
    if application is None:
        return render(request, "members/join/verified.html", {"invalid": True}, status=400)
    return render(request, "members/join/verified.html",
                  {"application": application, "institution": application.institution})


class InvitationView(auth_views.PasswordResetConfirmView):
    """The invitation link: checked like a reset link (moved out of the address bar at once), then the first
    password. After it the person signs in with the login ID shown here."""

    token_generator = invitation_tokens
    form_class = InvitationPasswordForm
    template_name = "members/join/invitation.html"
    post_reset_login = False

    def form_valid(self, form):
        try:
            invitation_accept(user=form.user, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error("new_password1", error)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("パスワードを設定しました。ログインID「%(login_id)s」でログインしてください。")
                         % {"login_id": form.user.get_username()})
        return redirect("login")
