from django.urls import path

from kinmap.language import views

urlpatterns = [path("language/check/", views.language_check, name="language-check")]
