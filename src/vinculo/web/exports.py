"""Downloads of the whole network: vCard 4.0 or 3.0, Google Contacts CSV, the exchange
format. Thin: ``portability.exporters.network_export_file`` writes the file."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from vinculo.portability.exporters import FORMATS, VCARD_VERSIONS, network_export_file


def export_page(request):
    return render(request, "web/exports/page.html")


def export_download(request):
    kind = request.GET.get("format", "")
    version = request.GET.get("version", "4.0")
    if kind not in FORMATS or version not in VCARD_VERSIONS:
        raise Http404
    exported = network_export_file(user=request.user, format=kind, vcard_version=version)
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
