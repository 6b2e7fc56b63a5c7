"""The shared form view: every page that changes a child's record is this, with its form and service.

GET (or an unbound form) shows the form. POST with a valid form sends the service call down the
one path (`kinmap.core.actions.change_record`: policy, one transaction with history, follow-ups);
a ValidationError from it goes back onto the form, so nothing typed is lost; success says so and
redirects. The page's own view only finds what the form is about and names the service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kinmap.core.access import Do
from kinmap.core.actions import change_record
from kinmap.people.models import Child

T = TypeVar("T")


def record_form(
    request: HttpRequest,
    *,
    child: Child | None,
    form: Any,
    formset: Any = None,
    reason: str,
    change: Callable[[], T],
    done: Callable[[T], tuple[str, str]],
    title: str,
    submit: str = "",
    cancel: str = "",
    intro: str = "",
    template: str = "form_page.html",
    do: Do = Do.RECORD,
    **context: Any,
) -> HttpResponse:
    """Show `form` (and `formset`); on a valid POST run `change`, which reads their cleaned data, down
    the one path.

    `done(result)` gives the success message ("" for none) and where to go next. `reason` is what
    the record's history says of the change. Extra keyword arguments go to the template.
    """
    checked = [f.is_valid() for f in (form, formset) if f is not None and f.is_bound]  # every error shown
    if request.method == "POST" and form.is_bound and all(checked):
        try:
            result = change_record(
                staff=request.staff,  # type: ignore[attr-defined]
                user=request.user,  # type: ignore[arg-type]
                child=child,
                reason=reason,
                change=change,
                do=do,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message, url = done(result)
            if message:
                messages.success(request, message)
            return redirect(url)
    return render(
        request,
        template,
        {
            "form": form,
            "formset": formset,
            "title": title,
            "child": child,
            "submit": submit,
            "cancel": cancel or (child.get_absolute_url() if child else "/"),
            "intro": intro,
            **context,
        },
    )
