"""Reproducible installs: requirements.lock (hashed, made by ``make lock``) pins every
dependency pyproject.toml names, within its range; and the pinned set has no known
vulnerability (pip-audit over PyPI's vulnerability service; a visible skip when the
service does not answer)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", re.M)


def _pins() -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in
            PIN.findall(LOCK.read_text(encoding="utf-8"))}


def test_lock_pins_every_dependency_of_pyproject_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    pins = _pins()
    text = LOCK.read_text(encoding="utf-8")
    assert text.count("--hash=sha256:") >= len(pins), "every pin carries its hashes"
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in requirements.lock; " \
            "run: make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), \
            f"{name}=={pins[name]} is outside {requirement.specifier}; run: make lock"


@pytest.mark.slow
def test_locked_dependencies_have_no_known_vulnerability() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--requirement", str(LOCK), "--vulnerability-service",
         "pypi", "--disable-pip", "--no-deps", "--progress-spinner", "off", "--format", "json"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        pytest.skip(f"pip-audit could not reach PyPI: {run.stderr.strip()[-300:]}")
    found = report["dependencies"]
    vulnerable = [f"{d['name']} {d['version']}: {[v['id'] for v in d['vulns']]}"
                  for d in found if d.get("vulns")]
    assert not vulnerable, f"known vulnerabilities: {vulnerable}"
    audited = [d for d in found if "skip_reason" not in d]
    if not audited:
        pytest.skip(f"PyPI's vulnerability service answered for none of {len(found)} pinned "
                    "dependencies (no network, or a mirror without per-version data)")
