"""Kinmap's addresses. Each app adds one include line below; keep them in the order of the INSTALLED_APPS."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kinmap.core.forms import SignInForm
from kinmap.people.views import my_children

urlpatterns = [
    # GOV.UK Frontend's compiled CSS asks for its fonts and images under /assets/.
    path(
        "assets/<path:path>", RedirectView.as_view(url=static("govuk/assets/") + "%(path)s", permanent=True)
    ),
    path("sign-in/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", my_children, name="home"),
    path("", include("kinmap.people.urls")),
    path("", include("kinmap.journey.urls")),
    path("", include("kinmap.worklists.urls")),
    path("", include("kinmap.mapping.urls")),
    path("", include("kinmap.language.urls")),
    path("api/", include("kinmap.api.urls")),
]
