import logging
import time

logger = logging.getLogger("inclusion_tracker.requests")


class RequestLogMiddleware:
    """One structured log line per request: method, path without its query
    string, status, duration and the user's id. Nothing personal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if request.path != "/healthz" and not request.path.startswith("/static/"):
            user = getattr(request, "user", None)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
        return response
