"""The DRF API. Every endpoint requires authentication (DEFAULT_PERMISSION_CLASSES)."""

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class MeView(APIView):
    def get(self, request: Request) -> Response:
        user = request.user
        return Response({
            "login_id": user.username,
            "full_name": user.full_name,
            "role": user.role,
            "institution": user.institution.code if user.institution_id else None,
        })


urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
]
