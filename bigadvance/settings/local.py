"""Local development and `make run`: embedded defaults, and the product's own pages.

Debug pages (Django's English error page with the URL list) only when asked for with DEBUG=true; by
default the demo answers the Japanese 403/404/500 pages as production does. Static files are served by
whitenoise straight from the source folders, so nothing needs collecting and edits show at once.
"""

from .base import *  # noqa: F401,F403
from .env import env

DEBUG = env.bool("DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Template edits show at once (runserver does not restart for them): layout parts rendered on every request.
LAYOUT_PARTS_KEPT = env.bool("LAYOUT_PARTS_KEPT", default=False)
