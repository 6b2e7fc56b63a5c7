from django.http import HttpRequest

from kinmap.core.access import policy


def kinmap(request: HttpRequest) -> dict:
    staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    return {
        "staff_member": staff,
        # What the navigation offers comes from the access policy, never from a role in a template.
        "staff_may": policy.allowed(staff=staff),
        "view_name": match.view_name if match else "",
    }
