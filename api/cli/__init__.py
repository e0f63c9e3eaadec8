"""The `casus` command line (typer + rich) over the engine."""
