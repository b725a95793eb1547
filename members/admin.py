from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import FinancialInstitution, MaintenanceContact, MemberCompany, ServiceDocument, User
from .services import document_post


class MaintenanceContactInline(admin.TabularInline):
    model = MaintenanceContact
    extra = 1


@admin.register(FinancialInstitution)
class FinancialInstitutionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "status")
    list_filter = ("kind", "status")
    search_fields = ("code", "name")
    inlines = [MaintenanceContactInline]


@admin.register(MemberCompany)
class MemberCompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "institution", "industry", "prefecture", "is_published")
    list_filter = ("institution", "is_published", "prefecture")
    search_fields = ("name", "name_kana")
    readonly_fields = ("status",)


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "full_name", "role", "institution", "company")


class AccountChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class AccountAdmin(UserAdmin):
    add_form = AccountCreationForm
    form = AccountChangeForm
    list_display = ("username", "full_name", "email", "role", "institution", "is_active", "last_login")
    list_filter = ("role", "institution", "is_active")
    search_fields = ("username", "full_name", "email")
    ordering = ("username",)
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
        posted = document_post(kind=obj.kind, version=obj.version, body=obj.body,
                               change_summary=obj.change_summary, posted_by=request.user)
        obj.pk = posted.pk
