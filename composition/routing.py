from django.urls import path

from chat.consumers import ConversationConsumer, RoomConsumer
from chat.counselling import CounsellingConsumer
from forum.consumers import NotificationConsumer
from moderation.consumers import QueueConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/moderation/queue/", QueueConsumer.as_asgi()),
    path("ws/counselling/", CounsellingConsumer.as_asgi()),
    path("ws/chat/conversations/<int:pk>/", ConversationConsumer.as_asgi()),
    path("ws/chat/rooms/<int:pk>/", RoomConsumer.as_asgi()),
]
