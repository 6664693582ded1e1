from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("chat/", views.start, name="start"),
    path("chat/return/", views.return_with_code, name="return"),
    path("chat/mine/", views.mine, name="mine"),
    path("chat/<int:pk>/", views.conversation, name="conversation"),
    path("chat/<int:pk>/status/", views.conversation_status, name="conversation_status"),
    path("chat/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("chat/<int:pk>/support/", views.support, name="support"),
    path("counselling/", views.workspace, name="workspace"),
    path("counselling/shift/", views.shift, name="shift"),
    path("counselling/<int:pk>/", views.case, name="case"),
    path("counselling/<int:pk>/claim/", views.claim, name="claim"),
    path("counselling/<int:pk>/release/", views.release, name="release"),
    path("counselling/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("counselling/<int:pk>/close/", views.close, name="close"),
    path("counselling/<int:pk>/notes/", views.note, name="note"),
    path("counselling/<int:pk>/invite/", views.invite_writer, name="invite_writer"),
    path("rooms/", views.room_list, name="rooms"),
    path("rooms/<slug:slug>/", views.room, name="room"),
    path("rooms/<slug:slug>/held/", views.room_held, name="room_held"),
    path("rooms/<slug:slug>/moderate/", views.room_moderate, name="room_moderate"),
    path("rooms/<slug:slug>/members/<str:username>/", views.room_sanction, name="room_sanction"),
    path("rooms/messages/<int:pk>/<str:action>/", views.message_action, name="message_action"),
]
