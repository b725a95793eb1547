from django.urls import path

from .views import homepage

app_name = "homepage"
urlpatterns = [
    path("<slug:slug>/", homepage.homepage, name="detail"),
    path("<slug:slug>/logo/", homepage.homepage_logo, name="logo"),
]
