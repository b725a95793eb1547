from django.urls import include, path

from . import api_key_views, security_views, settings_views, views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/<int:company_id>/", views.company_detail, name="company_detail"),
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
