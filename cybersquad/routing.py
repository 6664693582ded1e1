from django.urls import path

from forum.consumers import NotificationConsumer
from moderation.consumers import CounsellingConsumer, QueueConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/moderation/queue/", QueueConsumer.as_asgi()),
    path("ws/counselling/", CounsellingConsumer.as_asgi()),
]
