"""Propose dated, quoted facts from news articles for a person to review."""
