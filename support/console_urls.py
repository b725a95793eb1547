"""The console's inquiry pages, included by fiadmin/urls.py under /console/inquiries/ (namespace "console")."""

from django.urls import path

from . import console_views as views

urlpatterns = [
    path("", views.inquiry_list, name="inquiry_list"),
    path("new/", views.inquiry_new, name="inquiry_new"),
    path("<int:ticket_id>/", views.inquiry_detail, name="inquiry_detail"),
    path("<int:ticket_id>/message/", views.inquiry_message, name="inquiry_message"),
    path("<int:ticket_id>/confirm/", views.inquiry_confirm, name="inquiry_confirm"),
    path("<int:ticket_id>/reopen/", views.inquiry_reopen, name="inquiry_reopen"),
    path("<int:ticket_id>/files/<int:attachment_id>/", views.inquiry_attachment, name="inquiry_attachment"),
]
