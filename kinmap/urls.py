from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # GOV.UK Frontend's compiled CSS asks for its fonts and images under /assets/.
    path("assets/<path:path>", RedirectView.as_view(url=static("govuk/assets/") + "%(path)s", permanent=True)),
    path("sign-in/", auth_views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("kinmap.language.urls")),
    path("", include("kinmap.people.urls")),
]
