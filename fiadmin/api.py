"""The DRF API, for FI admins of a running contract (session or token; fiadmin/api_permissions.py).

Every endpoint inherits `BankApiAccess` from DEFAULT_PERMISSION_CLASSES and states it again, so the rule is
read where the endpoint is; data comes from members.selectors, scoped by `visible_to(request.user)`.
"""

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .api_permissions import BankApiAccess


class MeView(APIView):
    """The caller's own account: the check a bank's integration runs first."""

    permission_classes = [BankApiAccess]

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
