from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiadminConfig(AppConfig):
    name = "fiadmin"
    verbose_name = _("金融機関管理画面")
