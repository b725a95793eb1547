"""User IDs in the console (USR-1): the list with last login and failed attempts, a person's page with stop and
resume, inviting one person and importing many from CSV. Thin over fiadmin.account_services."""

from axes.models import AccessAttempt
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import selectors
from members.permissions import Audience, audience_required

from . import account_services
from .account_forms import AccountImportForm, AccountInviteForm

PAGE_SIZE = 50


def _failures(usernames) -> dict[str, int]:
    """Failed sign-in attempts recorded by django-axes per login ID (case-insensitive), one query per page."""
    wanted = [name.lower() for name in usernames]
    rows = (AccessAttempt.objects.annotate(login=Lower("username")).filter(login__in=wanted)
            .values("login").annotate(total=Sum("failures_since_start")))
    return {row["login"]: row["total"] for row in rows}


@audience_required(Audience.CONSOLE)
def account_list(request: HttpRequest) -> HttpResponse:
    accounts = selectors.accounts_for(request.user)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q))
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    failures = _failures(account.username for account in page)
    for account in page:
        account.failed_attempts = failures.get(account.username.lower(), 0)
    return render(request, "fiadmin/accounts/list.html", {"page": page, "q": q})


@audience_required(Audience.CONSOLE)
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    account = selectors.account_for(request.user, account_id)
    return render(request, "fiadmin/accounts/detail.html", {
        "account": account, "failed_attempts": _failures([account.username]).get(account.username.lower(), 0),
        "is_self": account.pk == request.user.pk})


@audience_required(Audience.CONSOLE)
@require_POST
def account_set_active(request: HttpRequest, account_id: int) -> HttpResponse:
    account = selectors.account_for(request.user, account_id)
    activate = request.POST.get("active") == "1"
    try:
        account_services.account_set_active(actor=request.user, account=account, is_active=activate)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("ユーザーIDを再開しました。") if activate else _("ユーザーIDを停止しました。"))
    return redirect("console:account_detail", account.pk)


@audience_required(Audience.CONSOLE)
def account_invite(request: HttpRequest) -> HttpResponse:
    form = AccountInviteForm(request.POST or None, user=request.user,
                             initial={"company": request.GET.get("company", "")[:20]})
    if request.method == "POST" and form.is_valid():
        try:
            account = account_services.account_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(email)s へ招待メールを送りました。") % {"email": account.email})
            return redirect("console:account_detail", account.pk)
    return render(request, "fiadmin/accounts/invite.html", {"form": form}, status=400 if form.errors else 200)


def _add_errors(form, exc: ValidationError) -> None:
    """The service's errors beside their field (login ID or email already used) or above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@audience_required(Audience.CONSOLE)
def account_import(request: HttpRequest) -> HttpResponse:
    form = AccountImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = account_services.accounts_import(actor=request.user, data=form.cleaned_data["file"].read(),
                                                  dry_run=form.cleaned_data["dry_run"])
        if result.created:
            messages.success(request, _("%(count)d件のユーザーIDを作成し、招待メールを送りました。") % {
                "count": result.created})
            return redirect("console:account_list")
    return render(request, "fiadmin/accounts/import.html", {
        "form": form, "result": result, "columns": account_services.CSV_COLUMNS,
        "max_rows": account_services.CSV_MAX_ROWS})
