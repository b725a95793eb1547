from django.urls import include, path

from . import api_key_views, views, views_accounts, views_consultations, views_deals, views_notices

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/<int:company_id>/", views.company_detail, name="company_detail"),
    path("accounts/", views_accounts.account_list, name="account_list"),
    path("accounts/new/", views_accounts.account_invite, name="account_invite"),
    path("accounts/import/", views_accounts.account_import, name="account_import"),
    path("accounts/<int:account_id>/", views_accounts.account_detail, name="account_detail"),
    path("accounts/<int:account_id>/active/", views_accounts.account_set_active, name="account_set_active"),
    path("deals/", views_deals.deal_list, name="deal_list"),
    path("deals/csv/", views_deals.deal_csv, name="deal_csv"),
    path("deals/<int:deal_id>/", views_deals.deal_detail, name="deal_detail"),
    path("deals/<int:deal_id>/approve/", views_deals.deal_approve, name="deal_approve"),
    path("deals/<int:deal_id>/refuse/", views_deals.deal_refuse, name="deal_refuse"),
    path("consultations/", views_consultations.consultation_list, name="consultation_list"),
    path("consultations/<int:consultation_id>/", views_consultations.consultation_detail, name="consultation_detail"),
    path("consultations/<int:consultation_id>/reply/", views_consultations.consultation_reply,
         name="consultation_reply"),
    path("consultations/<int:consultation_id>/note/", views_consultations.consultation_note, name="consultation_note"),
    path("consultations/<int:consultation_id>/assign/", views_consultations.consultation_assign,
         name="consultation_assign"),
    path("consultations/<int:consultation_id>/close/", views_consultations.consultation_close,
         name="consultation_close"),
    path("notices/", views_notices.notice_list, name="notice_list"),
    path("notices/new/", views_notices.notice_new, name="notice_new"),
    path("notices/relay/maintenance/<int:window_id>/", views_notices.relay_maintenance, name="relay_maintenance"),
    path("notices/relay/incident/<int:incident_id>/", views_notices.relay_incident, name="relay_incident"),
    path("api-keys/", api_key_views.api_key_list, name="api_keys"),
    path("api-keys/new/", api_key_views.api_key_new, name="api_key_new"),
    path("api-keys/<str:prefix>/revoke/", api_key_views.api_key_revoke_view, name="api_key_revoke"),
    path("inquiries/", include("support.console_urls")),
]
