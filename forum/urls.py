from django.urls import path

from forum import views

app_name = "forum"

urlpatterns = [
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("topics/new/", views.topic_create, name="topic_new"),
    path("topics/<int:pk>/", views.topic_detail, name="topic"),
    path("topics/<int:pk>/reply/", views.reply_create, name="reply"),
    path("topics/<int:pk>/subscribe/", views.topic_subscribe, name="subscribe"),
    path("posts/<int:pk>/", views.post_redirect, name="post"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:pk>/react/", views.post_react, name="post_react"),
    path("posts/<int:pk>/helpful/", views.post_mark_helpful, name="post_helpful"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("search/", views.search, name="search"),
    path("help/", views.help_index, name="help"),
    path("help/<slug:slug>/", views.help_article, name="help_article"),
]
