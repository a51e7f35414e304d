"""The YAML reader: every malformed or hostile file gets one located error, in bounded time."""

from __future__ import annotations

import time

import pytest

from ddscale.core import yamlsource
from ddscale.core.problems import CatalogueError


def fail(raw: bytes) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        yamlsource.read("cat.yaml", raw)
    return [str(p) for p in info.value.problems]


def test_reads_values_and_marks() -> None:
    doc = yamlsource.read("cat.yaml", b"sites:\n  - slug: a\n    as_of: 2012-04-09\n")
    assert doc.data == {"sites": [{"slug": "a", "as_of": "2012-04-09"}]}  # dates stay strings
    assert doc.where(("sites", 0, "as_of")) == (3, 12)
    assert doc.key_marks[("sites", 0, "slug")] == (2, 5)


def test_invalid_yaml_is_located() -> None:
    [msg] = fail(b"sites:\n  - slug: a\n   name: b\n")
    assert msg.startswith("cat.yaml:3:") and "invalid YAML" in msg


def test_empty_and_comment_only_files() -> None:
    assert "the file is empty" in fail(b"")[0]
    assert "the file is empty" in fail(b"# just a comment\n\n")[0]


def test_not_utf8_names_the_byte_and_its_place() -> None:
    [msg] = fail(b"sites:\n  - name: caf\xe9\n")
    assert msg.startswith("cat.yaml:2:14:") and "0xe9 is not UTF-8" in msg


def test_duplicate_key_names_both_lines() -> None:
    [msg] = fail(b"sites:\n  - slug: a\n    name: x\n    name: y\n")
    assert msg == (
        "cat.yaml:4:5: a: name: duplicate key 'name' (first at line 3): "
        "YAML would keep only the last one; remove one"
    )


def test_alias_bomb_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    [msg] = fail("\n".join(lines).encode())
    assert "anchors and aliases" in msg and msg.startswith("cat.yaml:1:4:")
    assert time.perf_counter() - start < 5


def test_deep_nesting_refused() -> None:
    raw = ("a: " + "[" * 10000 + "]" * 10000).encode()
    [msg] = fail(raw)
    assert "nesting deeper than" in msg


def test_huge_scalar_refused() -> None:
    [msg] = fail(b"a: " + b"x" * 200_000)
    assert "characters; the limit is" in msg


def test_python_tags_refused() -> None:
    [msg] = fail(b"sites:\n  - slug: !!python/object:os.system x\n")
    assert "not allowed" in msg and msg.startswith("cat.yaml:2:")


def test_huge_file_refused_without_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 1000)
    [msg] = fail(b"a: b\n" * 500)
    assert "the limit is 1,000" in msg


@pytest.mark.parametrize(
    "text",
    [
        "sites:\n  - slug: a\n    value: 12\n    ok: true\n    none: ~\n    f: 1.5\n",
        'a: "quoted: yes"\nb: |\n  block\n  text\nc: [1, x, "y"]\nd: {e: []}\n',
        "- 2012-04-09\n- no\n- ''\n- 0x1f\n",
    ],
)
def test_the_fast_path_reads_what_the_full_walk_reads(text: str) -> None:
    assert yamlsource._fast_walk(text) == yamlsource._walk("x.yaml", text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: 1\na: 2\n",  # duplicate key
        "a: !!binary aGk=\n",  # a tag
        "? [a]\n: 1\n",  # complex key
        "1: a\n",  # a key that is not text
        "a: 1\n---\nb: 2\n",  # a second document
        "a: [\n",  # a syntax error
        "a: " + "[" * 30 + "]" * 30 + "\n",  # too deep
    ],
)
def test_anything_unusual_leaves_the_fast_path_for_the_full_walk(text: str) -> None:
    with pytest.raises(yamlsource._Unusual):
        yamlsource._fast_walk(text)


def test_the_fast_path_reads_the_real_catalogue_as_the_full_walk_does() -> None:
    from conftest import ROOT

    text = (ROOT / "data" / "sites.yaml").read_text(encoding="utf-8")
    assert yamlsource._fast_walk(text) == yamlsource._walk("data/sites.yaml", text)[0]
