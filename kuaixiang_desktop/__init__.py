"""政策快享 · counter client."""

__version__ = "0.1.0"
