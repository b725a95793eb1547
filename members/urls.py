from django.urls import path

from .views import companies, portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("profile/", companies.profile_edit, name="profile_edit"),
    path("companies/<int:company_id>/", companies.company_detail, name="company_detail"),
    path("companies/<int:company_id>/logo/", companies.company_logo, name="company_logo"),
]
