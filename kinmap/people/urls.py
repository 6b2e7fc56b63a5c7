from django.urls import path

from kinmap.people import views

urlpatterns = [
    path("", views.my_children, name="home"),
]
