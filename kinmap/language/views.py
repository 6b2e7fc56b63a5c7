from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from kinmap.core.access import staff_required
from kinmap.language.services import check_plain_language


@require_POST
@staff_required
def language_check(request: HttpRequest) -> HttpResponse:
    """htmx: the plain-language findings for the field named in ?field= (default `text`)."""
    text = request.POST.get(request.GET.get("field", "text"), "")
    report = check_plain_language(text=text, council=request.staff.council)  # type: ignore[attr-defined]
    return render(request, "language/findings.html", {"report": report})
