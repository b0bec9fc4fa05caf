"""handouts: printable, branded PDF patient handouts from plain-language content."""

__version__ = "0.1.0"
