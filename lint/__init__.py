"""jxlint: consistency checks for Chinese public-sector performance reports."""

__version__ = "0.1.0"
