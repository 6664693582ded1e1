from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/items/<int:pk>/", views.item_detail, name="item"),
    path("moderation/items/<int:pk>/claim/", views.item_claim, name="item_claim"),
    path("moderation/items/<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("moderation/appeals/", views.appeal_list, name="appeals"),
    path("moderation/appeals/<int:pk>/", views.appeal_detail, name="appeal"),
    path("moderation/reports/<str:code>/misuse/", views.report_misuse, name="report_misuse"),
    path("report/", views.report_url, name="report_url"),
    path("report/post/<int:pk>/", views.report_post, name="report_post"),
    path("report/message/<int:pk>/", views.report_message, name="report_message"),
    path("report/member/<str:username>/", views.report_member, name="report_member"),
    path("report/status/<str:code>/", views.report_status, name="report_status"),
    path("report/mine/", views.my_reports, name="my_reports"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/appeal/", views.appeal_suspended, name="appeal_suspended"),
]
