"""A generated AIF corpus (AIFdb/QT30-style nodesets) and the time to import it.

Usage:
    python -m bench.corpus generate DIR [--count 1500] [--seed 1]
    python -m bench.corpus time DIR [--db URL]

``generate`` writes ``nodeset<N>.json`` files shaped like AIFdb's nodesets: I-nodes with
their L-nodes (locutions of two to four participants), TA transitions, YA illocutions
(asserting, disagreeing, arguing, questioning), RA and CA schemes, MA rephrases; about
23 KB a file, so 1,500 files make about 35 MB. ``time`` runs ``argmap import DIR --format
aif`` twice (the second run must find every file unchanged) and prints the wall times.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

_WORD_TEXT = ("russia china policy energy sanctions pipeline market trade security alliance "
              "border asia europe influence power partner interest dependence autonomy "
              "investment arms exports gas oil rouble yuan summit treaty strategy narrative "
              "identity order west east balance hedge risk growth decline military navy")
WORDS = tuple(_WORD_TEXT.split(" "))
NAMES = ("Anna Petrova", "Bo Chen", "Carl Meyer", "Dina Haddad", "Eli Novak", "Fei Wang")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def nodeset(number: int, rng: random.Random, *, claims: int = 18) -> dict[str, Any]:
    """One AIFdb-style nodeset with about `claims` I-nodes."""
    nodes: list[dict[str, str]] = []
    edges: list[dict[str, str]] = []
    locutions: list[dict[str, str]] = []
    ids = iter(range(number * 10_000, number * 10_000 + 10_000))
    people = rng.sample(range(len(NAMES)), rng.randint(2, 4))

    def add(kind: str, text: str) -> str:
        node_id = str(next(ids))
        nodes.append({"nodeID": node_id, "text": text, "type": kind,
                      "timestamp": "2023-05-04 10:00:00"})
        return node_id

    def join(src: str, dst: str) -> None:
        edges.append({"edgeID": str(next(ids)), "fromID": src, "toID": dst, "formEdgeID": ""})

    inodes: list[str] = []
    lnodes: list[str] = []
    for _ in range(claims):
        person = rng.choice(people)
        text = _sentence(rng, rng.randint(12, 26))
        inode = add("I", text)
        lnode = add("L", f"{NAMES[person]} : {text}")
        locutions.append({"nodeID": lnode, "personID": str(person), "timestamp": ""})
        ya = add("YA", rng.choice(("Asserting", "Asserting", "Disagreeing", "Questioning")))
        join(lnode, ya)
        join(ya, inode)
        if lnodes:
            ta = add("TA", "Default Transition")
            join(lnodes[-1], ta)
            join(ta, lnode)
            arguing = add("YA", "Arguing")
            join(ta, arguing)
        inodes.append(inode)
        lnodes.append(lnode)
    for i in range(1, claims):
        if rng.random() < 0.65:
            target = inodes[rng.randrange(0, i)]
            kind = "RA" if rng.random() < 0.75 else "CA"
            scheme = add(kind, "Default Inference" if kind == "RA" else "Default Conflict")
            join(inodes[i], scheme)
            join(scheme, target)
        elif rng.random() < 0.3:
            scheme = add("MA", "Default Rephrase")
            join(inodes[i], scheme)
            join(scheme, inodes[rng.randrange(0, i)])
    participants = [{"participantID": str(p), "firstname": NAMES[p].split()[0],
                     "surname": NAMES[p].split()[1]} for p in people]
    return {"nodes": nodes, "edges": edges, "locutions": locutions,
            "participants": participants}


def generate(folder: Path, count: int, seed: int = 1) -> int:
    """Write `count` nodesets into `folder`; return the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    size = 0
    for number in range(1, count + 1):
        text = json.dumps(nodeset(number, rng))
        (folder / f"nodeset{number}.json").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


def time_import(folder: Path, db: str) -> list[float]:
    """Run ``argmap import FOLDER --format aif`` twice; return the wall times."""
    argmap = Path(sys.executable).parent / "argmap"
    times = []
    for run in (1, 2):
        started = time.perf_counter()
        done = subprocess.run([str(argmap), "import", str(folder), "--format", "aif",
                               "--db", db], capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        print(f"run {run}: {times[-1]:.1f} s, exit {done.returncode}: "
              f"{done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ''}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("folder", type=Path)
    gen.add_argument("--count", type=int, default=1500)
    gen.add_argument("--seed", type=int, default=1)
    timing = sub.add_parser("time")
    timing.add_argument("folder", type=Path)
    timing.add_argument("--db", default="sqlite:///corpus-bench.db")
    args = parser.parse_args()
    if args.command == "generate":
        size = generate(args.folder, args.count, args.seed)
        print(f"wrote {args.count} nodesets, {size / 1e6:.1f} MB, into {args.folder}")
    else:
        time_import(args.folder, args.db)


if __name__ == "__main__":
    main()
