"""The project's URLs plus one API endpoint only operators may use (to see how a refusal renders)."""

from django.urls import path
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from bigadvance.urls import urlpatterns as project_urlpatterns


class StaffOnlyView(APIView):
    permission_classes = [IsAdminUser]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("api/v1/staff-only/", StaffOnlyView.as_view()), *project_urlpatterns]
