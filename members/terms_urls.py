from django.urls import path

from .views import terms

app_name = "terms"
urlpatterns = [
    path("", terms.accept, name="accept"),
]
