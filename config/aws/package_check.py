"""Builds the Lambda zip for a deploy (`zappa update STAGE --zip ...`), offline, and checks it.

    python -m config.aws.package_check [--stage prod] [--budget-mib 45]

1. A lean virtualenv (.venv-lambda) from requirements-deploy.txt only: what the zip is made of.
2. `zappa package STAGE` in it, with dummy AWS credentials (packaging calls no AWS API).
3. Trim: botocore ships models for 400+ AWS services and lists every one of their directories when it
   builds its first client (0.1-0.6 s of a cold start); the zip keeps the services Quorum calls
   (BOTOCORE_SERVICES). Bytecode: Lambda's task root is read-only, so Python cannot cache what it
   compiles; every cold start
   would compile every module it imports. The zip gets unchecked-hash .pyc files (valid whatever the
   files' timestamps), which cuts a cold start to a third (bench/cold_start.py).
4. The zip: no development dependency and none of tests/, bench/, devstack/; Quorum's apps present;
   compressed size within the budget (Lambda's direct-upload limit is 50 MiB) and unzipped within 250 MB.
5. Smoke (config/aws/lambda_probe.py): the zip, extracted, serves GET /api/meta and a static file through
   Zappa's handler in an isolated interpreter that sees nothing but the zip and the standard library, and
   imports every Quorum module.
Prints a JSON report; exits 1 when a check fails."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-lambda"
OUT_DIR = ROOT / ".devstack" / "package"
UNZIPPED_LIMIT = 250 * 1000 * 1000
# top-level names in the zip that would mean a development tool or the local stack got packaged
FORBIDDEN = ("daphne", "twisted", "autobahn", "txaio", "pytest", "_pytest", "pytest_django", "playwright",
             "greenlet", "cfnlint", "cfn_lint", "tests", "bench", "devstack", "node_modules", "pip",
             "aws_cdk", "cdk_nag", "constructs", "jsii")  # the CDK app is development only
REQUIRED = ("handler.py", "zappa_settings.py", "manage.py", "config", "commerce", "storefront", "dealroom",
            "templates", "static", "django", "ninja", "pynamodb", "stripe", "zappa", "aws_lambda_powertools",
            "aws_xray_sdk", "wrapt")

# AWS services whose botocore models the zip keeps: DynamoDB (the table), S3 (Zappa's remote_env secrets),
# STS (credential refresh), EventBridge, SQS and CloudWatch (the CRM fan-out and its Integrations page),
# Bedrock's runtime (deal intelligence). AppSync publishing signs plain HTTP with SigV4 and needs no model;
# X-Ray segments go to the daemon over UDP. The smoke run builds a client of each (a missing model fails it).
BOTOCORE_SERVICES = ("dynamodb", "dynamodbstreams", "s3", "sts", "events", "sqs", "cloudwatch", "bedrock-runtime")

PROBE = Path(__file__).with_name("lambda_probe.py")


def _stamp() -> str:
    digest = hashlib.sha256()
    for name in ("requirements-deploy.txt", "requirements.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def lean_venv() -> Path:
    stamp = VENV / ".installed"
    if stamp.exists() and stamp.read_text() == _stamp():
        return VENV
    print("==> building the lean packaging virtualenv .venv-lambda (runtime dependencies + zappa)", file=sys.stderr)
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(ROOT / "requirements-deploy.txt")], check=True)
    stamp.write_text(_stamp())
    return VENV


def package(stage: str) -> Path:
    venv = lean_venv()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    target = OUT_DIR / f"quorum-{stage}.zip"
    target.unlink(missing_ok=True)
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "VIRTUAL_ENV": str(venv),
        "AWS_ACCESS_KEY_ID": "packaging-needs-no-aws", "AWS_SECRET_ACCESS_KEY": "packaging-needs-no-aws",
        "AWS_DEFAULT_REGION": "us-east-1", "LANG": "C.UTF-8",
    }
    result = subprocess.run([str(venv / "bin" / "zappa"), "package", stage, "-o", str(target), "--disable_progress"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not target.exists():
        raise SystemExit(f"zappa package {stage} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    finish(target)
    return target


def finish(zip_path: Path) -> None:
    """Trim botocore's models to the services Quorum calls, and add unchecked-hash bytecode for every
    module, compiled by this (the runtime's) Python version."""
    with tempfile.TemporaryDirectory(prefix="quorum-pyc-") as tmp:
        root = Path(tmp) / "task"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(root)
        for service in (root / "botocore" / "data").iterdir():
            if service.is_dir() and service.name not in BOTOCORE_SERVICES:
                shutil.rmtree(service)
        subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
                        "-s", str(root), "-p", "/var/task", str(root)], check=True, stdout=subprocess.DEVNULL)
        rebuilt = zip_path.with_suffix(".tmp")
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                archive.write(path, path.relative_to(root).as_posix())
        rebuilt.replace(zip_path)


def inspect(zip_path: Path) -> dict:
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
    tops = {info.filename.split("/")[0] for info in infos}
    dist_names = {top.split("-")[0].lower() for top in tops if top.endswith(".dist-info")}
    forbidden = sorted(name for name in FORBIDDEN if name in tops or name.replace("_", "-") in dist_names
                       or name in dist_names)
    return {
        "zip_bytes": zip_path.stat().st_size,
        "unzipped_bytes": sum(info.file_size for info in infos),
        "files": len(infos),
        "forbidden_present": forbidden,
        "required_missing": sorted(name for name in REQUIRED if name not in tops),
    }


def smoke(zip_path: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="quorum-lambda-") as task_root:
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(task_root)
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "SECRET_KEY": "smoke-" + "s" * 50,
               "ALLOWED_HOSTS": ".lambda-url.us-east-1.on.aws", "AWS_ACCESS_KEY_ID": "smoke",
               "AWS_SECRET_ACCESS_KEY": "smoke", "AWS_DEFAULT_REGION": "us-east-1",
               "QUORUM_PROBE_CLIENTS": ",".join(BOTOCORE_SERVICES)}
        result = subprocess.run([sys.executable, "-I", "-S", "-B", str(PROBE), task_root, "--import-all",
                                 "/api/meta", "/static/css/quorum.css"],
                                cwd=task_root, env=env, capture_output=True, text=True, timeout=120)
    line = next((l for l in result.stdout.splitlines() if l.startswith("PROBE ")), None)
    if result.returncode != 0 or line is None:
        return {"ok": False, "error": (result.stderr or result.stdout)[-2000:]}
    probe = json.loads(line.removeprefix("PROBE "))
    responses = {r["path"]: {"status": r["status"], "bytes": r["bytes"]} for r in probe["requests"]}
    modules = probe["modules_imported"]
    return {"ok": all(r["status"] == 200 and r["bytes"] > 0 for r in responses.values()) and modules > 50,
            "modules_imported": modules, "responses": responses}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--budget-mib", type=float, default=45.0)
    args = parser.parse_args(argv)
    zip_path = package(args.stage)
    report = {"stage": args.stage, "zip": str(zip_path.relative_to(ROOT)), **inspect(zip_path),
              "budget_bytes": int(args.budget_mib * 1024 * 1024), "smoke": smoke(zip_path)}
    report["ok"] = (not report["forbidden_present"] and not report["required_missing"]
                    and report["zip_bytes"] <= report["budget_bytes"] and report["unzipped_bytes"] <= UNZIPPED_LIMIT
                    and report["smoke"]["ok"])
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
