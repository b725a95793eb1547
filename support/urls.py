from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("tickets/<int:ticket_id>/", views.ticket_detail, name="ticket_detail"),
    path("tickets/<int:ticket_id>/reply/", views.ticket_reply, name="ticket_reply"),
    path("tickets/<int:ticket_id>/note/", views.ticket_note, name="ticket_note"),
    path("tickets/<int:ticket_id>/assign/", views.ticket_assign, name="ticket_assign"),
    path("tickets/<int:ticket_id>/priority/", views.ticket_priority, name="ticket_priority"),
    path("tickets/<int:ticket_id>/escalate/", views.ticket_escalate, name="ticket_escalate"),
    path("tickets/<int:ticket_id>/incident/", views.ticket_incident, name="ticket_incident"),
    path("tickets/<int:ticket_id>/request-confirmation/", views.ticket_request_confirmation,
         name="ticket_request_confirmation"),
    path("tickets/<int:ticket_id>/files/<int:attachment_id>/", views.ticket_attachment, name="ticket_attachment"),
    path("phone/", views.phone_new, name="phone_new"),
    path("canned/", views.canned_list, name="canned_list"),
    path("canned/<int:canned_id>/", views.canned_edit, name="canned_edit"),
    path("canned/<int:canned_id>/delete/", views.canned_delete, name="canned_delete"),
    path("mail/", views.mail_log, name="mail_log"),
    path("mail/fetch/", views.mail_fetch, name="mail_fetch"),
]
