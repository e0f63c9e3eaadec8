"""The bundled treaty rules (*.dl), shipped in the wheel as package data of casus.rules."""
