from django.urls import path

from kinmap.journey import views

app_name = "journey"
urlpatterns = [
    path("children/<int:child_id>/involvements/add/", views.involvement_add, name="involvement_add"),
    path(
        "children/<int:child_id>/involvements/<int:involvement_id>/end/",
        views.involvement_end,
        name="involvement_end",
    ),
    path(
        "children/<int:child_id>/involvements/<int:involvement_id>/transfer/",
        views.involvement_transfer,
        name="involvement_transfer",
    ),
    path("meetings/", views.meetings, name="meetings"),
    path("children/<int:child_id>/events/", views.event_list, name="event_list"),
    path("children/<int:child_id>/events/add/", views.event_add, name="event_add"),
    path("children/<int:child_id>/events/questions/", views.event_questions, name="event_questions"),
    path("children/<int:child_id>/events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("children/<int:child_id>/events/<int:event_id>/correct/", views.event_correct, name="event_correct"),
]
