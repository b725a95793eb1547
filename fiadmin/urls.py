from django.urls import include, path

from . import api_key_views, views, views_applications, views_companies, views_home

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
]
