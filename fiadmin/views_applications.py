"""Membership applications in the console (issue 9 item 3): waiting and decided lists, detail, approve or
refuse with a reason (members.join services), and a warning for a likely duplicate of an existing member."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from members.join import selectors, services
from members.join.policies import may_decide_application
from members.models import MemberCompany, MembershipApplication
from members.permissions import Audience, audience_required

PAGE_SIZE = 50
TABS = {"waiting": gettext_lazy("審査待ち"), "decided": gettext_lazy("審査済み")}


class RefusalForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("お断りの理由（申込者にメールで伝わります）"), widget=forms.Textarea,
                             error_messages={"required": gettext_lazy("お断りの理由を入力してください（申込者にメールで伝わります）。")})


def likely_duplicates(user, application: MembershipApplication) -> QuerySet[MemberCompany]:
    """This bank's members with the same 法人番号, or the same name and prefecture."""
    same = Q(name=application.company_name, prefecture=application.prefecture)
    if application.corporate_number:
        same |= Q(corporate_number=application.corporate_number)
    return MemberCompany.objects.visible_to(user).filter(same).order_by("name", "pk")[:10]


@audience_required(Audience.CONSOLE)
def application_list(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "waiting"
    rows = (selectors.applications_waiting(request.user) if tab == "waiting"
            else selectors.applications_visible_to(request.user).exclude(status=MembershipApplication.Status.VERIFIED))
    return render(request, "fiadmin/applications/list.html", {
        "tab": tab, "tabs": TABS.items(), "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "waiting_count": selectors.applications_waiting(request.user).count(),
    })


def _detail(request: HttpRequest, application: MembershipApplication, refusal_form: RefusalForm,
            status: int = 200) -> HttpResponse:
    return render(request, "fiadmin/applications/detail.html", {
        "application": application, "refusal_form": refusal_form,
        "duplicates": likely_duplicates(request.user, application),
        "may_decide": (application.status == MembershipApplication.Status.VERIFIED
                       and may_decide_application(request.user, application)),
    }, status=status)


@audience_required(Audience.CONSOLE)
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    return _detail(request, selectors.application_for(request.user, application_id), RefusalForm())


@audience_required(Audience.CONSOLE)
@require_POST
def application_approve(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.application_for(request.user, application_id)
    try:
        services.application_approve(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("console:application_detail", application.pk)
    messages.success(request, _("申込を承認しました。申込者に招待メールを送ります。"))
    return redirect("console:application_list")


@audience_required(Audience.CONSOLE)
@require_POST
def application_refuse(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.application_for(request.user, application_id)
    form = RefusalForm(request.POST)
    if form.is_valid():
        try:
            services.application_refuse(application=application, actor=request.user,
                                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("console:application_detail", application.pk)
        else:
            messages.success(request, _("申込をお断りしました。理由を申込者にメールで送ります。"))
            return redirect("console:application_list")
    return _detail(request, application, form, status=400)
