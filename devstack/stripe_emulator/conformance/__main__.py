"""python -m devstack.stripe_emulator.conformance: run the pinned subset of stripe-python's tests against a fresh
emulator and print (and write to .devstack/conformance/result.json) how many pass."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from devstack.process import ROOT, free_port
from devstack.services import StripeEmulator

SDIST = "stripe-16.1.0"
WORK = ROOT / ".devstack" / "conformance"
SELECTION = Path(__file__).with_name("selection.txt")
API_KEY = "sk_test_123"  # what stripe-python's tests send


def suite() -> Path:
    """The pinned sdist's tests, downloaded (hash-checked) on first use."""
    target = WORK / SDIST
    if not (target / "tests" / "test_generated_examples.py").exists():
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "--require-hashes", "-r", str(ROOT / "requirements-conformance.txt"), "-d", str(WORK)],
                       check=True)
        with tarfile.open(WORK / f"{SDIST}.tar.gz") as archive:
            archive.extractall(WORK, filter="data")
    return target


def selection() -> list[str]:
    return [line.strip() for line in SELECTION.read_text().splitlines() if line.strip() and not line.startswith("#")]


def run() -> dict:
    root = suite()
    names = selection()
    emulator = StripeEmulator(port=free_port(), secret_key=API_KEY, webhook_url=None)
    with tempfile.TemporaryDirectory() as tmp:
        proc = emulator.process(Path(tmp)).start()
        try:
            report = Path(tmp) / "junit.xml"
            env = {**os.environ, "STRIPE_MOCK_HOST": "127.0.0.1", "STRIPE_MOCK_PORT": str(emulator.port),
                   "CONFORMANCE_API_KEY": API_KEY, "PYTHONPATH": f"{root}{os.pathsep}{ROOT}"}
            env.pop("DJANGO_SETTINGS_MODULE", None)
            nodes = [f"tests/test_generated_examples.py::TestGeneratedExamples::{name}" for name in names]
            subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:django",
                            "-p", "devstack.stripe_emulator.conformance.plugin", f"--junitxml={report}",
                            "-o", "addopts=", *nodes], cwd=root, env=env, capture_output=True, text=True)
            failures = {}
            passed = 0
            for case in ElementTree.parse(report).iter("testcase"):
                problem = case.find("failure") if case.find("failure") is not None else case.find("error")
                if problem is None and case.find("skipped") is None:
                    passed += 1
                elif problem is not None:
                    failures[case.get("name")] = (problem.get("message") or "").splitlines()[0][:200]
        finally:
            proc.stop()
    result = {"suite": f"{SDIST} tests/test_generated_examples.py (pinned subset)", "total": len(names),
              "passed": passed, "failed": failures}
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "result.json").write_text(json.dumps(result, indent=2))
    return result


def main() -> int:
    result = run()
    for name, reason in sorted(result["failed"].items()):
        print(f"  not passing: {name}: {reason}")
    print(f"stripe-python conformance: {result['passed']}/{result['total']} of the pinned examples pass against the "
          "emulator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
