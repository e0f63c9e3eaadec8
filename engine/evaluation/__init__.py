"""Evaluation: rules compiled to pyDatalog over the fact store, and scenarios (views)."""
