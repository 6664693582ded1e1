"""ASGI entry point: HTTP through Django, WebSockets behind origin and session checks."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cybersquad.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from composition.routing import websocket_urlpatterns  # noqa: E402
from cybersquad.socket_stack import SocketStack  # noqa: E402
from moderation.screening.learned import get_screener  # noqa: E402

# Build the screening engine and load its models (about a second) when the server starts, not
# during the first young person's post.
get_screener()
# Everything made so far lives as long as the process: leave it out of the garbage collector's
# full passes. Walking it (the screening tables are tens of thousands of entries) paused a
# request for some 30 ms at each full collection.
gc.freeze()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Channels' origin check, cookies, session, user and routing, in one layer.
        "websocket": SocketStack(websocket_urlpatterns),
    }
)
