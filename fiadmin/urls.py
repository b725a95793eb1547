from django.urls import include, path

from . import (
    api_key_views,
    security_views,
    settings_views,
    views,
    views_applications,
    views_companies,
    views_home,
)

app_name = "console"
urlpatterns = [
    path("", views_home.home, name="home"),
    path("companies/", views_companies.company_list, name="company_list"),
    path("companies/csv/", views_companies.company_csv, name="company_csv"),
    path("companies/<int:company_id>/", views_companies.company_detail, name="company_detail"),
    path("companies/<int:company_id>/edit/", views_companies.company_edit, name="company_edit"),
    path("companies/<int:company_id>/suspend/", views_companies.company_suspend, name="company_suspend"),
    path("companies/<int:company_id>/resume/", views_companies.company_resume, name="company_resume"),
    path("companies/<int:company_id>/end/", views_companies.company_end_membership, name="company_end_membership"),
    path("applications/", views_applications.application_list, name="application_list"),
    path("applications/<int:application_id>/", views_applications.application_detail, name="application_detail"),
    path("applications/<int:application_id>/approve/", views_applications.application_approve,
         name="application_approve"),
    path("applications/<int:application_id>/refuse/", views_applications.application_refuse,
         name="application_refuse"),
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/<int:account_id>/", views.account_detail, name="account_detail"),
    path("api-keys/", api_key_views.api_key_list, name="api_keys"),
    path("api-keys/new/", api_key_views.api_key_new, name="api_key_new"),
    path("api-keys/<str:prefix>/revoke/", api_key_views.api_key_revoke_view, name="api_key_revoke"),
    path("inquiries/", include("support.console_urls")),
    path("accounts/<int:account_id>/sessions/", security_views.account_sessions, name="account_sessions"),
    path("accounts/<int:account_id>/sessions/end/", security_views.account_sessions_end, name="account_sessions_end"),
    path("accounts/<int:account_id>/unlock/", security_views.account_unlock, name="account_unlock"),
    path("accounts/<int:account_id>/password-reset/", security_views.account_password_reset,
         name="account_password_reset"),
    path("settings/", settings_views.settings_page, name="settings"),
    path("settings/contacts/new/", settings_views.contact_add, name="contact_add"),
    path("settings/contacts/<int:contact_id>/", settings_views.contact_edit, name="contact_edit"),
    path("settings/contacts/<int:contact_id>/delete/", settings_views.contact_delete, name="contact_delete"),
]
