"""Reports a person reads: ``report.html``, one self-contained page per case."""

from caseguard.report.html import render_html, view, write_html

__all__ = ["render_html", "view", "write_html"]
