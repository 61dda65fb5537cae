import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")
application = get_wsgi_application()

# Load the URLconf (and with it every view module) now, then leave everything loaded so far
# out of the garbage collector's full passes: it lives as long as the process, and walking
# it took tens of milliseconds at random requests (the slowest 5 % of the pages).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
