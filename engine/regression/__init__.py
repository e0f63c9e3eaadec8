"""Regression: scenario cases, golden explanations, rule coverage, diffs and the pytest plugin."""
