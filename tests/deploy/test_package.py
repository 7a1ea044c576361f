"""`zappa package prod`, offline with dummy credentials, from a virtualenv of the runtime dependencies only:
no development dependency in the zip, within the size budget, and the extracted zip serves requests."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_prod_package_is_lean_within_budget_and_serves():
    result = subprocess.run([sys.executable, "-m", "config.aws.package_check", "--stage", "prod"], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    report = json.loads(result.stdout)
    print(json.dumps(report, indent=2))  # shown by pytest -rA / on failure: the measured sizes
    assert report["forbidden_present"] == []
    assert report["required_missing"] == []
    assert report["zip_bytes"] <= report["budget_bytes"], f"zip {report['zip_bytes']} B over budget"
    assert report["smoke"]["ok"], report["smoke"]
    assert report["smoke"]["responses"]["/api/meta"]["status"] == 200
    assert result.returncode == 0
