from django.urls import path

from kinmap.mapping import views

app_name = "mapping"
child = "children/<int:child_id>/"
urlpatterns = [
    path(f"{child}mapping/", views.mapping_list, name="list"),
    path(f"{child}mapping/start/", views.mapping_start, name="start"),
    path(f"{child}mapping/<int:mapping_id>/", views.mapping_detail, name="mapping"),
    path(f"{child}mapping/<int:mapping_id>/changes/", views.mapping_changes, name="changes"),
    path(f"{child}mapping/<int:mapping_id>/complete/", views.mapping_complete, name="complete"),
    path(f"{child}mapping/<int:mapping_id>/add/<str:domain>/", views.entry_add, name="entry_add"),
    path(f"{child}mapping/entries/<int:entry_id>/", views.entry_edit, name="entry_edit"),
    path(f"{child}mapping/entries/<int:entry_id>/retire/", views.entry_retire, name="entry_retire"),
    path(
        f"{child}mapping/entries/<int:entry_id>/incident/<str:occasion>/",
        views.harm_incident,
        name="incident",
    ),
    path(f"{child}statements/", views.statement_list, name="statements"),
    path(f"{child}statements/add/", views.statement_add, name="statement_add"),
    path(f"{child}statements/share/", views.statements_share, name="share"),
    path(f"{child}statements/agree/", views.statements_agree, name="agree"),
    path(f"{child}statements/<int:statement_id>/", views.statement_detail, name="statement"),
    path(f"{child}statements/<int:statement_id>/change/", views.statement_edit, name="statement_edit"),
    path(
        f"{child}statements/<int:statement_id>/bottom-lines/add/",
        views.bottom_line_add,
        name="bottom_line_add",
    ),
    path(f"{child}harm-statements/add/", views.harm_statement_add, name="harm_statement_add"),
    path(f"{child}scaling/add/", views.scaling_add, name="scaling_add"),
    path(f"{child}scaling/<int:question_id>/", views.scaling_detail, name="scaling"),
    path(f"{child}scaling/<int:question_id>/round/", views.scaling_round, name="scaling_round"),
    path(f"{child}next-steps/add/", views.next_step_add, name="next_step_add"),
    path(f"{child}next-steps/<int:step_id>/done/", views.next_step_done, name="next_step_done"),
    path(f"{child}one-page/", views.one_page, name="one_page"),
    path(f"{child}one-page.pdf", views.one_page_download, name="one_page_pdf"),
    path(f"{child}one-page/given/", views.one_page_given, name="one_page_given"),
    path(f"{child}one-page/given/<int:given_id>/", views.one_page_given_view, name="one_page_given_view"),
]
