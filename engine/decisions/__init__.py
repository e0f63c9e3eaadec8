"""The decision log: every answer recorded in a database, read back, pruned and replayed."""
