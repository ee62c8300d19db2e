"""Benchmarks: ``python -m bench`` (ICCMA tasks against peers) and ``python -m bench.engine``."""
