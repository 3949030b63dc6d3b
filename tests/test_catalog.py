"""The catalog is the one list of katas: it must match the files, the README's table,
the pristine stubs that ``mpkatas reset`` restores, and the hints in each README."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from katas._kit import catalog
from katas._kit.catalog import KATAS, Hint, UnknownKata

README = catalog.REPO_ROOT / "README.md"


def test_the_catalog_lists_twelve_katas_in_order() -> None:
    assert [kata.id for kata in KATAS] == [f"q{n}" for n in range(1, 13)]
    assert list(catalog.BY_ID) == [kata.id for kata in KATAS]


@pytest.mark.parametrize("kata", KATAS, ids=lambda kata: kata.id)
def test_each_kata_has_its_stub_grader_and_solution(kata: catalog.Kata) -> None:
    assert kata.module_path().is_file()
    assert kata.grader_path.is_file()
    assert kata.solution_path.is_file()


@pytest.mark.parametrize("kata", KATAS, ids=lambda kata: kata.id)
def test_the_functions_the_learner_writes_are_stubs_in_the_kata_module(kata: catalog.Kata) -> None:
    tree = ast.parse(kata.stub_path.read_text(encoding="utf-8"))
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert set(kata.functions) <= defined
    for function in kata.functions:
        assert f"`{function}`" in kata.you_write


@pytest.mark.parametrize("kata", KATAS, ids=lambda kata: kata.id)
def test_each_pristine_stub_equals_the_stub_in_katas(kata: catalog.Kata) -> None:
    """``mpkatas reset`` restores these copies: they must stay identical to katas/."""
    assert kata.stub_path.read_bytes() == kata.module_path().read_bytes(), (
        f"{kata.stub_path} differs from {kata.module_path()}: copy the stub over "
        "(cp katas/qN/<module>.py katas/_kit/stubs/qN/)"
    )


def test_there_are_no_other_pristine_stubs() -> None:
    stubs = sorted(p.relative_to(catalog.STUBS_DIR) for p in catalog.STUBS_DIR.rglob("*.py"))
    assert stubs == sorted(Path(kata.id) / kata.module_file for kata in KATAS)


def readme_table(text: str) -> str:
    section = text.split("\n## The katas\n", 1)[1]
    rows = re.search(r"^\|.*?(?=^[^|])", section, re.MULTILINE | re.DOTALL)
    assert rows is not None, "no table under ## The katas"
    return rows.group(0)


def test_the_readme_table_is_the_one_rendered_from_the_catalog() -> None:
    assert readme_table(README.read_text(encoding="utf-8")) == catalog.render_table(), (
        "README.md's table of katas differs from the catalog: replace it with the output "
        "of `python -m katas._kit.catalog`"
    )


def test_the_rendered_table_has_the_four_columns_and_a_row_per_kata() -> None:
    lines = catalog.render_table().splitlines()
    assert lines[0] == "| kata | question | module | you write |"
    assert len(lines) == 2 + len(KATAS)
    assert lines[6].startswith("| [q5](katas/q5/README.md) | How can we create a pool")
    assert "| `worker_pool.py` |" in lines[6]


@pytest.mark.parametrize("name", ["q5", "Q5", "5", " q5 "])
def test_a_kata_is_found_by_any_spelling_of_its_id(name: str) -> None:
    assert catalog.find(name).module == "worker_pool"


def test_an_unknown_kata_names_the_valid_ones() -> None:
    valid = ", ".join(f"q{n}" for n in range(1, 13))
    with pytest.raises(UnknownKata, match=rf"unknown kata 'q13' \(valid: {valid}\)"):
        catalog.find("q13")


SAMPLE = """# qX

<details><summary>Hint 1 — Split the range</summary>

    Indented text is dedented.
    ```python
    x = 1
    ```

</details>

<details>
<summary>Hint 2 - a hyphen works too</summary>
Second.
</details>

<details><summary>Not a hint</summary>ignored</details>

<details><summary>Hint 3 — still being written</summary>
no closing tag yet
"""


def test_hints_are_parsed_from_details_blocks_in_order() -> None:
    hints = catalog.parse_hints(SAMPLE)
    assert [(h.number, h.title) for h in hints] == [(1, "Split the range"), (2, "a hyphen works too")]
    assert hints[0].body == "Indented text is dedented.\n```python\nx = 1\n```"
    assert hints[1] == Hint(2, "a hyphen works too", "Second.")


def test_a_missing_readme_has_no_hints(tmp_path: Path) -> None:
    assert catalog.BY_ID["q5"].hints(tmp_path) == ()


@pytest.mark.parametrize("kata", KATAS, ids=lambda kata: kata.id)
def test_the_hints_of_each_readme_are_numbered_from_one(kata: catalog.Kata) -> None:
    if not kata.readme_path().is_file():
        pytest.skip(f"{kata.readme_path()} is not written yet")
    hints = kata.hints()
    assert [hint.number for hint in hints] == list(range(1, len(hints) + 1))
    assert all(hint.title and hint.body for hint in hints)
