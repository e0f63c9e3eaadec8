"""casus interfaces over the engine: the HTTP API and the `casus` CLI."""
