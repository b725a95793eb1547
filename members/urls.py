from django.urls import path

from .views import companies, deals, needs, portal, recommendations, subsidies

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("profile/", companies.profile_edit, name="profile_edit"),
    path("companies/", companies.company_list, name="company_list"),
    path("companies/<int:company_id>/", companies.company_detail, name="company_detail"),
    path("companies/<int:company_id>/logo/", companies.company_logo, name="company_logo"),
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.need_create, name="need_create"),
    path("needs/<int:need_id>/", needs.need_detail, name="need_detail"),
    path("needs/<int:need_id>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:need_id>/close/", needs.need_close, name="need_close"),
    path("needs/<int:need_id>/reopen/", needs.need_reopen, name="need_reopen"),
    path("needs/<int:need_id>/bookmark/", needs.need_bookmark, name="need_bookmark"),
    path("recommendations/", recommendations.recommendation_list, name="recommendation_list"),
    path("recommendations/<int:recommendation_id>/dismiss/", recommendations.recommendation_dismiss,
         name="recommendation_dismiss"),
    path("needs/<int:need_id>/deal/", deals.deal_request, name="deal_request"),
    path("deals/", deals.deal_list, name="deal_list"),
    path("deals/<int:deal_id>/", deals.deal_detail, name="deal_detail"),
    path("deals/<int:deal_id>/accept/", deals.deal_accept, name="deal_accept"),
    path("deals/<int:deal_id>/decline/", deals.deal_decline, name="deal_decline"),
    path("deals/<int:deal_id>/withdraw/", deals.deal_withdraw, name="deal_withdraw"),
    path("deals/<int:deal_id>/met/", deals.deal_met, name="deal_met"),
    path("deals/<int:deal_id>/outcome/", deals.deal_outcome, name="deal_outcome"),
    path("deals/<int:deal_id>/messages/", deals.deal_message, name="deal_message"),
    path("subsidies/", subsidies.subsidy_list, name="subsidy_list"),
    path("subsidies/<int:subsidy_id>/", subsidies.subsidy_detail, name="subsidy_detail"),
]
