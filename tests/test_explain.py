"""``docmill explain`` names the rule behind every removed line, on every seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.cli import main

RAW = Path(__file__).resolve().parent.parent / "raw"


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.name[:3])
def test_explain_runs_on_every_seed(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# {path.name}")
    assert len(out.splitlines()) > path.read_text().count("\n")


def test_explain_marks_rules_and_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    main(["explain", str(RAW / "004_41700bfd0b11befa.txt")])
    out = capsys.readouterr().out
    assert "- copyright-line" in out and "Copyright © International Viewpoint" in out
    assert "- template-identifier" in out
    assert "= date_published" in out and "Publication date: Monday 11 December 2023" in out
    assert "~ html-attribute-residue" in out
    main(["explain", str(RAW / "001_af9b6ddbe6278279.txt")])
    assert "- share-row" in capsys.readouterr().out


def test_explain_reads_a_word_file_or_a_pdf_as_a_run_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.clean.test_office import STORY, docx, w_paragraph
    from tests.clean.test_pdf import INFO, LINES, make_pdf

    (tmp_path / "a.docx").write_bytes(docx(w_paragraph("Slipway Repair Approved", "Title") + w_paragraph(STORY)))
    (tmp_path / "b.pdf").write_bytes(make_pdf([["Slipway Repair Approved", "", *LINES]], INFO))
    for name in ("a.docx", "b.pdf"):
        assert main(["explain", str(tmp_path / name)]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"# {name}") and "Slipway Repair Approved" in out
        assert "= title" in out or '- front-matter             title: "Slipway Repair Approved"' in out


def test_explain_into_a_reader_that_goes_away_ends_without_a_traceback(tmp_path: Path) -> None:
    """``docmill explain FILE | head``: when the reader closes the pipe, the command stops
    with the shell's code for a broken pipe (141) and writes nothing to stderr."""
    import subprocess
    import sys

    page = tmp_path / "long.txt"  # its explanation is far more than a pipe holds
    page.write_text("Harbour report of the long week\n\n" + "\n\n".join(
        f"Paragraph {i} of the long report says a little more about the harbour, its boats and its people."
        for i in range(3000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "explain", str(page)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"# long.txt")
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert stderr == b""
