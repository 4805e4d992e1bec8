"""The caseguard platform: a web application where cases are uploaded, scrubbed on
arrival, reviewed by their contributor, published, reported, quarantined and
moderated, with an audit trail and disciplinary records.

    from caseguard.web import create_app, serve
"""

from caseguard.web.app import create_app, serve
from caseguard.web.settings import Settings

__all__ = ["Settings", "create_app", "serve"]
