from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import ServiceDocument
from ..selectors import current_documents, document_history


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "documents/index.html", {"documents": current_documents()})


@login_required
def history(request: HttpRequest, kind: str) -> HttpResponse:
    versions = document_history(kind)
    return render(request, "documents/history.html",
                  {"versions": versions, "kind_label": ServiceDocument.Kind(kind).label})


@login_required
def detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_object_or_404(ServiceDocument, pk=document_id, posted_at__lte=timezone.now())
    return render(request, "documents/detail.html", {"document": document})
