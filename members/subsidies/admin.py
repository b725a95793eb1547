"""The operators' admin of the subsidy catalogue: every write goes through members.subsidies.services."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Subsidy

from . import services
from .forms import SubsidyForm


@admin.register(Subsidy)
class SubsidyAdmin(admin.ModelAdmin):
    form = SubsidyForm
    list_display = ("title", "organiser", "target_region", "starts_on", "ends_on", "is_published")
    list_filter = ("is_published", "is_nationwide")
    search_fields = ("title", "organiser", "external_id")
    date_hierarchy = "ends_on"
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("prefectures")

    @admin.display(description=_("対象地域"))
    def target_region(self, obj: Subsidy) -> str:
        return gettext("全国") if obj.is_nationwide else "、".join(obj.target_prefectures)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # hide a programme instead (非公開), so links members keep stay answerable

    def save_model(self, request, obj, form, change) -> None:
        saved = services.subsidy_save(values=form.subsidy_values(), subsidy=obj if change else None,
                                      actor=request.user)
        for concrete in Subsidy._meta.concrete_fields:
            setattr(obj, concrete.attname, getattr(saved, concrete.attname))
        obj._state.adding = False

    @admin.action(description=_("公開する"))
    def publish(self, request, queryset) -> None:
        count = services.subsidies_publish(subsidies=queryset, published=True, actor=request.user)
        self.message_user(request, gettext("%(count)d 件を公開しました。") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("非公開にする"))
    def unpublish(self, request, queryset) -> None:
        count = services.subsidies_publish(subsidies=queryset, published=False, actor=request.user)
        self.message_user(request, gettext("%(count)d 件を非公開にしました。") % {"count": count}, messages.SUCCESS)
