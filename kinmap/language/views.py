from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from kinmap.language.services import check_plain_language


@require_POST
def language_check(request: HttpRequest) -> HttpResponse:
    """htmx: the plain-language findings for the field named in ?field= (default `text`)."""
    text = request.POST.get(request.GET.get("field", "text"), "")
    staff = getattr(request.user, "staff", None)
    report = check_plain_language(text=text, council=staff.council if staff else None)
    return render(request, "language/findings.html", {"report": report})
