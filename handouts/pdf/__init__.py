"""Handouts -> PDF bytes, with ReportLab.

``document`` lays out the parts (one per language) and writes the PDF;
``furniture`` draws what every handout has (header, title, the clinician's
part, footer); ``sections`` has one renderer per section kind; ``pen`` the
paragraphs and text helpers they share; ``styles`` the print settings;
``icons`` the marks drawn for kinds and tiers.
"""

from .document import PAGE_SIZES, render

__all__ = ["PAGE_SIZES", "render"]
