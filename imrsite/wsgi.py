import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imrsite.settings")

application = get_wsgi_application()

# With DEBUG off and no collectstatic, refuse to start rather than answer every page with 500.
from imrsite.checks import require_static_manifest  # noqa: E402 (needs the settings loaded)

require_static_manifest()

# What start-up loaded lives as long as the process: kept out of the garbage collector's
# full collections, which otherwise walk its ~150,000 objects again every 15-20 requests
# (70-100 ms of one item page at a million letters; docs/benchmarks.md, tenth pass).
gc.freeze()
