from django.http import HttpRequest

from kinmap.councils.selectors import can_record


def kinmap(request: HttpRequest) -> dict:
    staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    return {
        "staff_member": staff,
        "staff_can_record": staff is not None and can_record(staff=staff),
        "view_name": match.view_name if match else "",
    }
