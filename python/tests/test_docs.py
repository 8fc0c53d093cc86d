"""docs/python.md is run: its ```python blocks, in order, in one namespace, from a folder
that sees the repository's tables/ and docs/ (so the figure lands in a temporary folder)."""

import os
import re

import pytest

from conftest import ROOT

DOC = ROOT / "docs" / "python.md"


def blocks():
    text = DOC.read_text()
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_the_walkthrough_runs(tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    code = blocks()
    assert len(code) >= 5, "docs/python.md lost its examples"
    for name in ("tables", "docs"):
        os.symlink(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    ns = {"__name__": "__docs__"}
    for i, src in enumerate(code, 1):
        exec(compile(src, f"docs/python.md block {i}", "exec"), ns)
    png = tmp_path / "impact_by_city.png"
    assert png.exists() and png.stat().st_size > 10_000
    # The plotted impact is the scenario's: one bar per city, every city affected,
    # the shocked city first.
    by_city = ns["by_city"]
    t = ns["t"]
    assert sorted(by_city.index) == sorted(t.regions)
    assert (by_city["total"] > 0).all()
    out = capsys.readouterr().out
    assert "MrioError:" in out
