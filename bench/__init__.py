"""Benchmarks and the independent clingo reference used by benchmarks and oracle tests."""
