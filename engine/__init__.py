"""casus engine: parse, check, load, evaluate and explain alliance-obligation rules."""
