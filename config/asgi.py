"""ASGI entry point (daphne locally): HTTP through Django, websockets through Channels."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()


def _answer_overlong_request_lines() -> None:
    """daphne (twisted) reads a request line or header line up to 16 KB and otherwise drops the connection
    without a word; answer 414 (a URL) or 431 (a header) instead, as the HTTP standard asks. Lambda's
    function URL has its own limits; this is for the gateway and local runs."""
    try:
        from twisted.web import http
    except ImportError:  # not served by daphne (the Lambda package has no twisted)
        return

    def line_too_long(channel: http.HTTPChannel, line: bytes) -> None:
        first = getattr(channel, "_HTTPChannel__first_line", 1)
        status = b"414 URI Too Long" if first else b"431 Request Header Fields Too Large"
        body = b"The request line or a header is longer than 16 KB.\n"
        channel.transport.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        channel.transport.loseConnection()

    http.HTTPChannel.lineLengthExceeded = line_too_long


_answer_overlong_request_lines()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402

from realtime.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(SessionMiddlewareStack(URLRouter(websocket_urlpatterns()))),
    }
)
