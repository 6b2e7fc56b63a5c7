from django.http import HttpRequest


def kinmap(request: HttpRequest) -> dict:
    staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
    return {"staff_member": staff}
