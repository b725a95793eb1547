from django.urls import path

from ..views import twofactor

app_name = "twofactor"
urlpatterns = [
    path("", twofactor.overview, name="overview"),
    path("verify/", twofactor.verify, name="verify"),
    path("setup/", twofactor.setup, name="setup"),
    path("recovery-codes/", twofactor.recovery_codes, name="recovery_codes"),
]
