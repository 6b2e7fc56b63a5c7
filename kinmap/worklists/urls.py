from django.urls import path, re_path

from kinmap.worklists import views

app_name = "worklists"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("team/dashboard/", views.dashboard, name="dashboard"),
    path("team/dashboard/rules/<str:rule_id>/", views.rule_results, name="rule_results"),
    path(
        "team/dashboard/practitioners/<str:staff_id>/",
        views.practitioner_results,
        name="practitioner_results",
    ),
    re_path(
        r"^team/dashboard/by-(?P<group>rule|practitioner|evidence)\.(?P<fmt>csv|xlsx)$",
        views.export,
        name="export",
    ),
    path("council/pack/", views.council_pack, name="pack"),
    path("council/pack/rechecks/", views.council_rechecks, name="rechecks"),
]
