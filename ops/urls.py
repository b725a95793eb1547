from django.urls import path

from members.views.notice_operations import urlpatterns as notice_urls

from .views import home
from .views.incidents import urlpatterns as incident_urls
from .views.maintenance import urlpatterns as maintenance_urls

app_name = "operations"
urlpatterns = [
    path("", home.home, name="home"),
    *maintenance_urls,
    *incident_urls,
    *notice_urls,
]
