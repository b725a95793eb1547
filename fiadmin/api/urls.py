from django.urls import path

from .views import activity, applications, companies, me, service_status, users

urlpatterns = [
    path("me/", me.MeView.as_view(), name="me"),
    path("companies/", companies.CompanyListView.as_view(), name="company_list"),
    path("companies/<int:pk>/", companies.CompanyDetailView.as_view(), name="company_detail"),
    path("companies/<int:pk>/suspend/", companies.CompanySuspendView.as_view(), name="company_suspend"),
    path("companies/<int:pk>/resume/", companies.CompanyResumeView.as_view(), name="company_resume"),
    path("applications/", applications.ApplicationCreateView.as_view(), name="application_create"),
    path("users/", users.UserListView.as_view(), name="user_list"),
    path("users/<int:pk>/", users.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/deactivate/", users.UserDeactivateView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/reactivate/", users.UserReactivateView.as_view(), name="user_reactivate"),
    path("stats/needs/", activity.NeedStatsView.as_view(), name="need_stats"),
    path("stats/deals/", activity.DealStatsView.as_view(), name="deal_stats"),
    path("deals/", activity.DealListView.as_view(), name="deal_list"),
    path("maintenance/", service_status.MaintenanceListView.as_view(), name="maintenance_list"),
    path("incidents/", service_status.IncidentListView.as_view(), name="incident_list"),
]
