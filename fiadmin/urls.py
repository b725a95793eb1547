from django.urls import include, path

from . import api_key_views, views

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
]
