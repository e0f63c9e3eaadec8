"""The bundled facts (*.yaml), shipped in the wheel as package data of casus.facts."""
