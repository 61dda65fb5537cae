"""A fault of the disk or the database met by a request, said in words."""

import logging

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from .faults import fault_message

logger = logging.getLogger("vinculo.faults")


class FaultMiddleware:
    """A full disk, a read-only data folder or a database that cannot be opened answers
    503 with what happened and what to do, in the visitor's language (JSON under /api/),
    instead of the bare server error. What the request was writing was rolled back with
    its transaction; any other error goes on to Django's own handling."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError | OSError):
            return None
        message = fault_message(exception)
        if message is None:
            return None
        logger.error("%s %s: %s", request.method, request.path, message, exc_info=exception)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=503)
        if request.headers.get("HX-Request") == "true":  # said by app.js; the form stays
            return HttpResponse(message, content_type="text/plain; charset=utf-8", status=503)
        # A page of its own, without the navigation: it reads nothing from the database.
        return render(request, "web/fault.html", {"message": message}, status=503)
