"""Deal-room files, outside /portal/ because the two companies and their banks' admins (console) fetch them."""

from django.urls import path

from .views import deals

app_name = "deal_files"
urlpatterns = [
    path("<int:deal_id>/<int:attachment_id>/", deals.deal_attachment, name="download"),
]
