"""The example notebook in docs/ runs from start to end on a real kernel, and each map shows itself."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed"),
]


def test_the_example_notebook_runs_and_shows_the_maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nbformat
    from nbclient import NotebookClient

    # A kernel of this very interpreter (the one argmap is installed in), found before any other.
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    notebook = nbformat.read(DOCS / "example.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(DOCS)}}).execute()

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    outputs = [cell.outputs for cell in code]
    assert all(o.output_type != "error" for cell in outputs for o in cell)
    shown = [cell[-1]["data"] for cell in outputs]
    whole, focus, evaluation, reports, page = shown
    assert "<svg" in whole["text/html"] and 'id="claim&#45;befriend"' in whole["text/html"]
    assert "image/svg+xml" in whole  # the picture alone, for a frontend that prefers it
    assert 'id="claim&#45;befriend"' in focus["text/html"] and 'id="claim&#45;leverage"' not in focus["text/html"]
    assert "<td><code>befriend</code></td><td>undecided</td>" in evaluation["text/html"]
    assert "AM601" in reports["text/plain"]
    assert page["text/html"].startswith("<iframe srcdoc=") and "Content-Security-Policy" in page["text/html"]
