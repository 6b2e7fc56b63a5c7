from django.urls import path

from kinmap.people import views

app_name = "people"
urlpatterns = [
    path("team/", views.team_children, name="team"),
    path("children/add/", views.child_add, name="child_add"),
    path("children/<int:child_id>/", views.child_detail, name="child"),
    path("children/<int:child_id>/history/", views.child_history, name="child_history"),
    path("children/<int:child_id>/archive/", views.child_archive, name="child_archive"),
    path("children/<int:child_id>/address/", views.household_edit, name="household_edit"),
    path("children/<int:child_id>/people/add/", views.person_add, name="person_add"),
    path("children/<int:child_id>/people/<int:person_id>/", views.person_edit, name="person_edit"),
    path("children/<int:child_id>/relationships/add/", views.relationship_add, name="relationship_add"),
    path(
        "children/<int:child_id>/relationships/<int:relationship_id>/archive/",
        views.relationship_archive,
        name="relationship_archive",
    ),
    path("children/<int:child_id>/network/add/", views.network_member_add, name="network_member_add"),
    path(
        "children/<int:child_id>/network/<int:member_id>/",
        views.network_member_edit,
        name="network_member_edit",
    ),
    path(
        "children/<int:child_id>/network/<int:member_id>/archive/",
        views.network_member_archive,
        name="network_member_archive",
    ),
]
