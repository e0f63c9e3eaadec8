"""Every teaching notebook in notebooks/ runs top to bottom, so a rule or fact change that
breaks one of their stories fails the build. The notebooks are jupytext Markdown; each is
executed in a fresh IPython kernel (ipykernel's, for this interpreter) in a scratch folder."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.md"))


def test_there_are_notebooks() -> None:
    assert {p.stem for p in NOTEBOOKS} >= {
        "karabakh_2020", "nato_reach", "text_against_practice"
    }


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path) -> None:
    notebook = jupytext.read(path)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()  # raises CellExecutionError, with the failing cell, on any error
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    answers = [
        out for out in outputs
        if "casus-answer" in out.get("data", {}).get("text/html", "")
    ]
    assert answers, "no answer was shown as HTML (Answer._repr_html_)"
