"""kb.formats.iccma: a party's view as a Dung framework, and the i23/APX/TGF readers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kb.doc import DebateDoc
from kb.engine import Label, evaluate
from kb.engine.dung import solve
from kb.errors import InvalidInputError
from kb.formats import iccma

DebateBuilder = Callable[..., DebateDoc]


def test_iccma_dump_has_header_key_comments_and_attacks(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c"], supports=[("e", "c")], rebuts=[("f", "c")],
                 acceptance={"p": {"e": "accepted", "f": "accepted"}})
    lines = iccma.dump(doc, party="p").splitlines()
    assert lines[0] == "p af 5"
    keys = [line for line in lines if line.startswith("#")]
    assert keys == [
        "# 1 e <- e",
        "# 2 f <- f",
        "# 3 c <- e edge:e-supports-c c",
        "# 4 edge:e-supports-c <- e edge:e-supports-c",
        "# 5 edge:f-rebuts-c <- f edge:f-rebuts-c",
    ]
    assert [line for line in lines[1:] if not line.startswith("#")] == ["5 3"]


def test_iccma_export_answers_like_the_engine(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f", "g"], claims=["c"], supports=[("e", "c")],
                 rebuts=[("f", "c"), ("g", "f")],
                 acceptance={"p": {"e": "accepted", "f": "accepted", "g": "accepted"}})
    framework = iccma.parse_i23(iccma.dump(doc, party="p").encode())
    keys = iccma.key_file(doc, party="p").splitlines()
    number = next(row.split("\t")[0] for row in keys if row.split("\t")[1] == "c")
    assert solve(framework, "DS-GR", number) == ["YES"]
    assert evaluate(doc, doc.acceptance_of("p")).labels["c"] == Label.IN


def test_iccma_apx_export_matches_i23(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b"], rebuts=[("a", "b"), ("b", "a")],
                 acceptance={"p": {"a": "accepted", "b": "accepted"}})
    apx = iccma.parse_apx(iccma.dump_apx(doc, party="p"))
    i23 = iccma.parse_i23(iccma.dump(doc, party="p").encode())
    assert apx.count == i23.count == 4
    assert sorted(zip(apx.attackers.tolist(), apx.targets.tolist(), strict=True)) == sorted(
        zip(i23.attackers.tolist(), i23.targets.tolist(), strict=True))


def test_iccma_load_gives_presumptive_debate_with_dung_labels() -> None:
    doc = iccma.load("p af 3\n1 2\n2 3\n")
    labels = evaluate(doc, {}).labels
    assert (labels["a1"], labels["a2"], labels["a3"]) == (Label.IN, Label.OUT, Label.IN)
    apx = iccma.load("arg(x).\narg(y).\natt(x,y).\n")
    assert evaluate(apx, {}).labels["y"] == Label.OUT


@pytest.mark.parametrize(
    ("text", "line"),
    [("1 2\n", 1), ("p af 2\n1 x\n", 2), ("p af 2\n1 2 3\n", 2), ("p af 2\n1 3\n", 2),
     ("p af two\n", 1), ("# only a comment\n", 2)],
)
def test_iccma_i23_errors_name_the_line(text: str, line: int) -> None:
    with pytest.raises(InvalidInputError, match=f"i23 line {line}:"):
        iccma.parse_i23(text.encode())


def test_iccma_apx_and_tgf_errors() -> None:
    with pytest.raises(InvalidInputError, match="APX line 2"):
        iccma.parse_apx("arg(a).\nattack(a,b).\n")
    with pytest.raises(InvalidInputError, match="undeclared argument"):
        iccma.parse_apx("arg(a).\natt(a,b).\n")
    with pytest.raises(InvalidInputError, match="TGF line 4"):
        iccma.parse_tgf("a\nb\n#\na b c\n")


def test_iccma_large_file_uses_the_compiled_scanner(tmp_path: Path) -> None:
    path = tmp_path / "large.i23"
    count = 320_000
    with path.open("w") as out:
        out.write(f"p af {count}\n# a comment line\n")
        out.writelines(f"{i} {i + 1}\n" for i in range(1, count))
    assert path.stat().st_size >= iccma.COMPILED_FROM_BYTES
    framework = iccma.read_framework(path)
    assert (framework.count, len(framework.attackers)) == (count, count - 1)
    assert solve(framework, "DC-GR", "1") == ["YES"]
    assert solve(framework, "DC-GR", "2") == ["NO"]
    bad = tmp_path / "bad.i23"
    bad.write_bytes(path.read_bytes() + b"7 0\n")
    with pytest.raises(InvalidInputError, match=f"i23 line {count + 2}:"):
        iccma.read_framework(bad)
