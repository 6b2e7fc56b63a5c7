from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def my_children(request: HttpRequest) -> HttpResponse:
    return render(request, "people/my_children.html", {})
