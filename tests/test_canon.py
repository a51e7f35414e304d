"""The canonical-form check (ddscale.tools.canon) agrees with make fmt, the one writer, without a
round trip: a file passes exactly when make fmt would leave it unchanged."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ddscale.core import yamlsource
from ddscale.tools import canon, fmt

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "small.yaml"


def _canonical_by_check(text: str) -> bool:
    doc = yamlsource.read("x.yaml", text.encode())
    return not canon.problems("x.yaml", doc.text, doc.data)


@pytest.mark.parametrize(
    "old, new",
    [
        ("    tags: [news]\n", "    tags:\n      - news\n"),  # a short list written as a block
        ("    status: active\n", "    status:   active\n"),  # spacing
        ("    status: active\n", "    status: 'active'\n"),  # needless quotes
        ("    status: active\n", "    status: active   \n"),  # trailing spaces
    ],
)
def test_not_canonical_until_make_fmt(old: str, new: str) -> None:
    text = FIXTURE.read_text()
    assert old in text and _canonical_by_check(text)
    messy = text.replace(old, new, 1)
    assert not _canonical_by_check(messy)
    assert _canonical_by_check(fmt.canonical(messy, str(FIXTURE)))


def test_comments_are_kept_and_allowed() -> None:
    text = FIXTURE.read_text().replace("    status: active\n", "    status: active  # so\n", 1)
    assert _canonical_by_check(text) and fmt.canonical(text, str(FIXTURE)) == text


def test_problem_is_located_and_says_make_fmt() -> None:
    text = FIXTURE.read_text()
    messy = text.replace("    status: active\n", "    status:   active\n", 1)
    doc = yamlsource.read("x.yaml", messy.encode())
    (problem,) = canon.problems("x.yaml", doc.text, doc.data)
    line = messy.splitlines().index("    status:   active") + 1
    assert problem.line == line and "run make fmt" in problem.message
    assert problem.entry != "(file)" and problem.field == "status"


def test_text_styles_match_ruamel() -> None:
    rng = random.Random(1)
    alphabet = list("ab Z09:#'\",[]{}?-.@&*!|>%`é\t\\/()_~=<;$^") + ["\u2028", "\xa0"]
    for _ in range(3000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        for flow in (False, True):
            fast = canon._text(value, flow)
            if fast is not None:
                assert fast == canon._by_ruamel(value, flow, False), (value, flow)


def test_real_catalogue_is_canonical() -> None:
    path = ROOT / "data" / "sites.yaml"
    doc = yamlsource.read(str(path))
    assert canon.problems(str(path), doc.text, doc.data) == []
