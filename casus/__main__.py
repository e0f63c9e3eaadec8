"""`python -m casus` runs the `casus` command."""

from casus.api.cli.main import app

app(prog_name="casus")
