"""ASGI app for the chat benchmark: the site's application plus the bare room at ws/bare/.

Both rooms sit behind the same origin check and session middleware, in the same process.
With BENCH_TIMINGS set, the steps of a room message are timed (see bench/timing.py).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.urls import path  # noqa: E402

from bench.bare import BareRoomConsumer  # noqa: E402
from composition.asgi import django_asgi_app  # noqa: E402 (sets Django up, warms screening)
from composition.routing import websocket_urlpatterns  # noqa: E402
from cybersquad.socket_stack import SocketStack  # noqa: E402

if os.environ.get("BENCH_TIMINGS"):
    from bench.timing import install  # noqa: E402

    install(os.environ["BENCH_TIMINGS"])

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SocketStack(
            [path("ws/bare/<slug:room>/", BareRoomConsumer.as_asgi()), *websocket_urlpatterns]
        ),
    }
)
