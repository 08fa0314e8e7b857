"""Benchmarks: one command each, printing the figures (python -m bench.<name>)."""
