"""Project-wide middleware: headers on every response, and a refusal of input no person can type."""

from django.core.exceptions import BadRequest
from django.http import Http404

# Our own origin only, and no inline script or style: a note, a name or a motivation that slipped
# past the sanitiser still cannot run code or restyle the page. Bootstrap's CSS draws its form
# controls with data: SVG images. Files people uploaded are served with their own, stricter policy.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every response, and no caching of what a logged-in person sees.

    Pages for a logged-in person (and the files they download) may hold confidential notes: a shared
    computer's browser cache or a proxy must not keep them. Responses that set their own policy or
    Cache-Control (the calendar feed, an uploaded file) keep theirs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


class RejectNulMiddleware:
    """A NUL character in the address, the query or a cookie: 404 or 400, never a 500.

    No form or link of ours produces one and PostgreSQL refuses it in any text, so a lookup with it
    (a calendar-feed token, a search, an admin filter) would end in an error. Form fields refuse it
    themselves (Django's CharField validator), with a message on the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        values = [*request.COOKIES.items(), *((key, value) for key, values in request.GET.lists() for value in values)]
        if any("\x00" in key or "\x00" in value for key, value in values):
            raise BadRequest("NUL character in the query or a cookie")
        return self.get_response(request)
