from django.urls import path

from .tenancy import system_view
from .views import join

# The invitation link finds its account by the id in the link, whatever its tenant (as a reset link does).
INVITATION_LOOKUP = "an invitation link finds the account by the id it carries"

app_name = "join"
urlpatterns = [
    path("sent/", join.application_sent, name="sent"),
    path("verify/<str:token>/", join.verify_email, name="verify"),
    path("invitation/<uidb64>/<token>/", system_view(INVITATION_LOOKUP)(join.InvitationView.as_view()),
         name="invitation"),
    path("<str:code>/", join.application_form, name="application"),
]
