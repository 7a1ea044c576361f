"""Deal intelligence's boundaries: the engine is pure domain, one module creates the Bedrock runtime client,
and the strictly typed packages (pyproject's [tool.mypy] files: the engine, its providers and the Bedrock
stand-in) stay clean under mypy --strict."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_strict_packages_pass_mypy(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def _imports(path: Path) -> set[str]:
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_engine_is_pure_domain():
    """No django, boto3, stripe or I/O: it imports the standard library's pure parts and domain modules only."""
    allowed_prefixes = ("commerce.domain.", "commerce.errors", "dealroom.domain.")
    stdlib = {"__future__", "collections.abc", "dataclasses", "typing", "types", "re"}
    for path in (ROOT / "dealroom" / "domain" / "intelligence").glob("*.py"):
        for module in _imports(path):
            assert module in stdlib or module.startswith(allowed_prefixes), f"{path.name} imports {module}"


def test_one_module_creates_the_bedrock_runtime_client():
    users = sorted(str(p.relative_to(ROOT)) for package in ("commerce", "dealroom", "storefront", "config")
                   for p in (ROOT / package).rglob("*.py") if '"bedrock-runtime"' in p.read_text())
    # the packaging keeps the service's botocore model (and names it): it creates no client
    assert users == ["config/aws/package_check.py", "dealroom/intelligence/bedrock.py"]
