"""Spirit's own URLs, as its project template mounts them (without Django's admin)."""

import spirit.urls
from django.urls import include, path

urlpatterns = [path("", include(spirit.urls))]
