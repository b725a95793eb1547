"""Consultation files, outside /portal/ because the company's members and its bank's admins (console) fetch them."""

from django.urls import path

from .views import consultations

app_name = "consultation_files"
urlpatterns = [
    path("<int:consultation_id>/<int:attachment_id>/", consultations.consultation_attachment, name="download"),
]
