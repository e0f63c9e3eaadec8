"""Fact patterns, one module per fact family, each reading findings off a framed sentence."""

from __future__ import annotations

from .attacks import armed_attack, attack, own_forces
from .attribution import speaker
from .base import Finding, Pattern, Sentence, frame_sentence
from .borders import border_incident
from .membership import elliptical, frozen, membership
from .places import hostilities, territory
from .requests import request

PATTERNS: list[Pattern] = [
    membership,
    frozen,
    request,
    own_forces,
    attack,
    armed_attack,
    hostilities,
    territory,
    border_incident,
]

__all__ = ["PATTERNS", "Finding", "Pattern", "Sentence", "elliptical", "frame_sentence", "speaker"]
