"""Static files in production: hashed names, compressed copies (WhiteNoise), and ES modules'
own imports (``import … from "./socket.js"``) rewritten to the hashed names, so that a page
never runs a new module with an old one it imports (there is no build step)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
