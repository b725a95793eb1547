from django.urls import path

from .views import documents

app_name = "documents"
urlpatterns = [
    path("", documents.index, name="index"),
    path("history/<slug:kind>/", documents.history, name="history"),
    path("<int:document_id>/", documents.detail, name="detail"),
]
