"""NL403 reads each folder once per run, yet sees files that appear or change case."""

from __future__ import annotations

import os
from pathlib import Path

from notelint import lint_text

DOC = '- Paper\n  - <details>\n    <img src="assets/model.png" align="middle" />\n    </details>\n'


def missing(folder: Path) -> list[str]:
    return [v.message for v in lint_text(DOC, folder / "README.md") if v.code == "NL403"]


def test_a_file_added_after_a_check_is_found_by_the_next(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    assert missing(tmp_path) == ["image file `assets/model.png` does not exist"]
    (tmp_path / "assets" / "model.png").write_bytes(b"")
    assert missing(tmp_path) == []
    os.remove(tmp_path / "assets" / "model.png")
    assert missing(tmp_path) == ["image file `assets/model.png` does not exist"]


def test_a_name_differing_in_case_is_named(tmp_path: Path) -> None:
    (tmp_path / "Assets").mkdir()
    (tmp_path / "Assets" / "model.png").write_bytes(b"")
    assert missing(tmp_path) == [
        "image file `assets/model.png` does not exist: `assets` differs in case from "
        "`Assets` (GitHub is case-sensitive)"
    ]


def test_many_documents_in_one_folder_each_get_their_answer(tmp_path: Path) -> None:
    for i in range(50):
        (tmp_path / f"notes_{i}.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "model.png").write_bytes(b"")
    assert all(missing(tmp_path) == [] for _ in range(3))
