from django.contrib.auth.decorators import login_not_required

from kinmap.api import api

patterns, _, app_name = api.urls  # ninja names the namespace "api" (urls_namespace)
# Operations answer a missing session with 401 JSON (their own auth), not the sign-in page's
# redirect; the docs and the schema stay behind sign-in like every other page.
for pattern in patterns:
    if pattern.name not in ("openapi-json", "openapi-view"):
        pattern.callback = login_not_required(pattern.callback)
urlpatterns = patterns
