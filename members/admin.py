"""The operators' admin of identity (FIs, their contacts, companies, accounts) and service documents.

Nothing here bypasses a rule: who may use these pages is `members.policies.may_administer_identity`, rows
are reached by an explicit `unscoped` (the admin works across tenants), and every write goes through
`members.services` (creation, profile changes, contract end, suspension, passwords). Login ID, role and
tenant of an account are read-only: a person in a new role gets a new account.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .admin_site import OPERATORS_ADMIN
from .models import FinancialInstitution, MaintenanceContact, MemberCompany, ServiceDocument, User
from .policies import may_administer_identity
from .tenancy import TenantQuerySet


class IdentityAdminMixin:
    """Operators only; no deletion (an FI's data stays until its erasure, which is a workflow of its own)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.unscoped(OPERATORS_ADMIN) if isinstance(queryset, TenantQuerySet) else queryset

    def has_module_permission(self, request) -> bool:
        return may_administer_identity(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_administer_identity(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return may_administer_identity(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_administer_identity(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _report(self, request, message: str) -> None:
        self.message_user(request, message, messages.SUCCESS)


class MaintenanceContactInline(IdentityAdminMixin, admin.TabularInline):
    """Contacts are added and removed (through the services), never edited in place."""

    model = MaintenanceContact
    fields = ("name", "email")
    extra = 1

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return may_administer_identity(request.user)


@admin.register(FinancialInstitution)
class FinancialInstitutionAdmin(IdentityAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "status", "terminated_at")
    list_filter = ("kind", "status")
    search_fields = ("code", "name")
    inlines = [MaintenanceContactInline]
    actions = ["terminate_contracts", "reinstate_contracts"]

    def get_fields(self, request, obj=None):
        return ("code", "name", "kind") if obj is None else ("code", "name", "kind", "status", "terminated_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("code", "name", "kind", "status", "terminated_at")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            created = services.institution_create(code=obj.code, name=obj.name, kind=obj.kind)
            obj.pk, obj.created_at = created.pk, created.created_at

    def save_formset(self, request, form, formset, change) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for contact_form in formset.forms:
            if not contact_form.has_changed():
                continue
            contact, delete = contact_form.instance, contact_form.cleaned_data.get("DELETE")
            if contact.pk and delete:
                services.maintenance_contact_remove(contact=contact)
                formset.deleted_objects.append(contact)
            elif not contact.pk and not delete:
                formset.new_objects.append(services.maintenance_contact_add(
                    institution=form.instance, name=contact_form.cleaned_data["name"],
                    email=contact_form.cleaned_data["email"]))

    @admin.action(description=_("契約を終了する（利用者はログインできなくなり、データは残ります）"))
    def terminate_contracts(self, request, queryset) -> None:
        for institution in queryset:
            services.institution_terminate(institution=institution)
        self._report(request, gettext("%(count)d 件の契約を終了しました。") % {"count": len(queryset)})

    @admin.action(description=_("契約を再開する"))
    def reinstate_contracts(self, request, queryset) -> None:
        for institution in queryset:
            services.institution_reinstate(institution=institution)
        self._report(request, gettext("%(count)d 件の契約を再開しました。") % {"count": len(queryset)})


@admin.register(MemberCompany)
class MemberCompanyAdmin(IdentityAdminMixin, admin.ModelAdmin):
    list_display = ("name", "institution", "industry", "prefecture", "is_published", "status")
    list_filter = ("institution", "is_published", "status", "prefecture")
    search_fields = ("name", "name_kana")
    actions = ["suspend_companies", "reinstate_companies"]

    def get_fields(self, request, obj=None):
        return ("institution", *services.COMPANY_PROFILE_FIELDS) + (() if obj is None else ("status",))

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("institution", "status")

    def save_model(self, request, obj, form, change) -> None:
        profile = {field: form.cleaned_data[field] for field in services.COMPANY_PROFILE_FIELDS
                   if field in form.cleaned_data}
        if change:
            services.company_update(company=obj, **profile)
        else:
            created = services.company_create(institution=obj.institution, **profile)
            obj.pk, obj.created_at = created.pk, created.created_at

    @admin.action(description=_("利用を停止する（会員企業ユーザーはログインできなくなります）"))
    def suspend_companies(self, request, queryset) -> None:
        for company in queryset:
            services.company_suspend(company=company)
        self._report(request, gettext("%(count)d 社の利用を停止しました。") % {"count": len(queryset)})

    @admin.action(description=_("利用を再開する"))
    def reinstate_companies(self, request, queryset) -> None:
        for company in queryset:
            services.company_reinstate(company=company)
        self._report(request, gettext("%(count)d 社の利用を再開しました。") % {"count": len(queryset)})


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "full_name", "role", "institution", "company")


class AccountChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class AccountPasswordChangeForm(AdminPasswordChangeForm):
    """A new password, set by the service: the rules apply and a staff change is announced (ACC-1)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = self.fields["password2"].required = True

    def save(self, commit: bool = True):
        services.user_change_password(user=self.user, new_password=self.cleaned_data["password1"])
        return self.user


ACCOUNT_READ_ONLY = ("username", "role", "institution", "company", "is_active", "is_staff", "is_superuser",
                     "groups", "user_permissions", "last_login", "date_joined")


@admin.register(User)
class AccountAdmin(IdentityAdminMixin, UserAdmin):
    add_form = AccountCreationForm
    form = AccountChangeForm
    change_password_form = AccountPasswordChangeForm
    list_display = ("username", "full_name", "email", "role", "institution", "is_active", "last_login")
    list_filter = ("role", "institution", "is_active")
    search_fields = ("username", "full_name", "email")
    ordering = ("username",)
    actions = ["deactivate_accounts", "reactivate_accounts"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("本人情報"), {"fields": ("full_name", "email")}),
        (_("所属と権限"), {"fields": ("role", "institution", "company", "is_active", "is_staff", "is_superuser",
                                  "groups", "user_permissions")}),
        (_("日時"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "full_name", "role", "institution",
                                                 "company", "usable_password", "password1", "password2")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ACCOUNT_READ_ONLY

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if change:
            services.user_update(user=obj, full_name=data["full_name"], email=data["email"])
            return
        password = data.get("password1") if data.get("set_usable_password", True) else None
        created = services.user_create(username=data["username"], email=data["email"], full_name=data["full_name"],
                                       role=data["role"], password=password, institution=data.get("institution"),
                                       company=data.get("company"))
        obj.pk, obj.password = created.pk, created.password

    def save_related(self, request, form, formsets, change) -> None:
        """Groups and permissions are read-only; nothing else is related."""

    @admin.action(description=_("アカウントを利用停止にする"))
    def deactivate_accounts(self, request, queryset) -> None:
        for account in queryset:
            services.user_set_active(user=account, is_active=False)
        self._report(request, gettext("%(count)d 件のアカウントを利用停止にしました。") % {"count": len(queryset)})

    @admin.action(description=_("アカウントの利用を再開する"))
    def reactivate_accounts(self, request, queryset) -> None:
        for account in queryset:
            services.user_set_active(user=account, is_active=True)
        self._report(request, gettext("%(count)d 件のアカウントの利用を再開しました。") % {"count": len(queryset)})


@admin.register(ServiceDocument)
class ServiceDocumentAdmin(admin.ModelAdmin):
    """Operators post new versions here; posting goes through the service, which notifies the FIs."""

    list_display = ("kind", "version", "posted_at", "posted_by")
    list_filter = ("kind",)
    fields = ("kind", "version", "body", "change_summary")

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None  # a posted version is history: post a new one instead of editing

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        posted = services.document_post(kind=obj.kind, version=obj.version, body=obj.body,
                               change_summary=obj.change_summary, posted_by=request.user)
        obj.pk = posted.pk

from .security import admin as security_admin  # noqa: E402,F401  (bank security settings, members/security/admin.py)
from .subsidies import admin as subsidies_admin  # noqa: E402, F401  (registers the subsidy catalogue)
