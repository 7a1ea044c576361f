"""Cold start on Lambda's terms: a fresh interpreter that sees only the unzipped package (as a Lambda task root)
imports Zappa's handler with Quorum's prod settings and serves its first request; the same for a bare
Django hello-world project with the same Django and Zappa, in the same run.

    .venv/bin/python bench/cold_start.py [--runs 9]

Builds the prod zip first when .devstack/package/quorum-prod.zip is missing (config/aws/package_check.py).
Each run is config/aws/lambda_probe.py under `python -I -S -B` (no site-packages but the package's) timing:
init = importing the handler (Django set-up included, Lambda's init phase), first = the first GET through
lambda_handler. Runs alternate
between the two apps; medians are reported. Target: Quorum's init + first within 1.5x of the bare app's.

--baseline-zip PATH also runs an earlier build's zip (same paths, same stage environment) in the same
interleaved loop, and reports its figures and the difference: the cost of a change on the cold start.

--tracing sampled|unsampled runs Quorum as Lambda runs it with active tracing (LAMBDA_TASK_ROOT, an
_X_AMZN_TRACE_ID with Lambda's sampling decision, AWS_XRAY_DAEMON_ADDRESS pointing at a devstack X-Ray
receiver). Sampled, the cold start includes the X-Ray SDK and Powertools' Tracer and the first request's
segments are sent; unsampled (most invocations: 1 a second and 5 % of the rest are sampled), nothing of
X-Ray is imported."""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP = ROOT / ".devstack" / "package" / "quorum-prod.zip"

PROBE = ROOT / "config" / "aws" / "lambda_probe.py"  # the same driver the package check uses

HELLO_SETTINGS = '''
SECRET_KEY = "bench-hello-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = [".lambda-url.us-east-1.on.aws"]
ROOT_URLCONF = "hello_urls"
INSTALLED_APPS = []
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]
DATABASES = {}
USE_TZ = True
'''
HELLO_URLS = '''
from django.http import JsonResponse
from django.urls import path

urlpatterns = [path("hello", lambda request: JsonResponse({"hello": "world"}))]
'''


def ensure_zip() -> Path:
    if not ZIP.exists():
        subprocess.run([sys.executable, "-m", "config.aws.package_check"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return ZIP


def hello_root(base: Path, quorum_root: Path) -> Path:
    """The bare app's task root: its settings, urls and a zappa_settings.py like Quorum's but pointing at it."""
    root = base / "hello"
    root.mkdir()
    (root / "hello_settings.py").write_text(HELLO_SETTINGS)
    (root / "hello_urls.py").write_text(HELLO_URLS)
    quorum_settings = (quorum_root / "zappa_settings.py").read_text().splitlines()
    kept = [line for line in quorum_settings if not line.startswith(("DJANGO_SETTINGS", "ENVIRONMENT_VARIABLES",
                                                                     "AWS_EVENT_MAPPING", "REMOTE_ENV"))]
    overrides = ["DJANGO_SETTINGS='hello_settings'", "ENVIRONMENT_VARIABLES={}", "AWS_EVENT_MAPPING={}",
                 "REMOTE_ENV=''"]
    (root / "zappa_settings.py").write_text("\n".join(kept + overrides) + "\n")
    return root


def run(path_entries: list[Path], url: str, cwd: Path, stage_env: dict | None = None) -> dict:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "SECRET_KEY": "bench-" + "s" * 50,
           "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
           "LAMBDA_PROBE_ENV": json.dumps(stage_env or {})}
    result = subprocess.run([sys.executable, "-I", "-S", "-B", str(PROBE), ":".join(map(str, path_entries)), url],
                            cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    line = next((l for l in result.stdout.splitlines() if l.startswith("PROBE ")), None)
    if line is None:
        raise SystemExit(f"cold start run failed:\n{result.stderr[-3000:]}")
    probe = json.loads(line.removeprefix("PROBE "))
    (first,) = probe["requests"]
    if first["status"] != 200:
        raise SystemExit(f"{url} answered {first['status']}")
    return {"init_ms": probe["init_ms"], "first_request_ms": first["ms"], "modules": probe["modules"],
            "cpu_ms": probe["init_cpu_ms"] + first["cpu_ms"]}


def summary(samples: list[dict]) -> dict:
    def med(key: str) -> float:
        return round(statistics.median(s[key] for s in samples), 1)

    totals = [s["init_ms"] + s["first_request_ms"] for s in samples]
    return {"init_ms": med("init_ms"), "first_request_ms": med("first_request_ms"),
            "total_ms": round(statistics.median(totals), 1), "total_min_ms": round(min(totals), 1),
            "cpu_ms": med("cpu_ms"), "modules": int(med("modules"))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--zip", type=Path, default=None, help="measure this package instead (another build)")
    parser.add_argument("--tracing", choices=("off", "sampled", "unsampled"), default="off",
                        help="as on Lambda with active tracing, this invocation sampled or not")
    parser.add_argument("--baseline-zip", type=Path, help="an earlier build's zip, run alongside for comparison")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.common import local_stack

    zip_path = args.zip.resolve() if args.zip else ensure_zip()
    with tempfile.TemporaryDirectory(prefix="quorum-cold-") as tmp, \
            local_stack(with_site=False, tracing=args.tracing != "off") as stack:
        # the storefront's home page reads the catalog from DynamoDB Local (an empty table: the empty state)
        stage_env = {"DYNAMODB_ENDPOINT_URL": stack["dynamodb_url"], "DYNAMODB_TABLE": stack["table"],
                     "AWS_ACCESS_KEY_ID": "quorumlocal", "AWS_SECRET_ACCESS_KEY": "quorumlocal"}
        base = Path(tmp)
        quorum_root = base / "quorum"
        if args.tracing != "off":
            sampled = "1" if args.tracing == "sampled" else "0"
            stage_env.update(LAMBDA_TASK_ROOT=str(quorum_root), AWS_LAMBDA_FUNCTION_NAME="quorum-probe",
                             AWS_XRAY_DAEMON_ADDRESS=stack["xray_address"],
                             _X_AMZN_TRACE_ID="Root=1-6b0e0000-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;"
                                              f"Sampled={sampled}")
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(quorum_root)
        hello = hello_root(base, quorum_root)
        runs: dict[str, list[dict]] = {"page": [], "api": [], "bare": [], "baseline_page": [], "baseline_api": []}
        baseline_root = base / "baseline"
        if args.baseline_zip:
            with zipfile.ZipFile(args.baseline_zip) as archive:
                archive.extractall(baseline_root)
        baseline_env = ({**stage_env, "LAMBDA_TASK_ROOT": str(baseline_root)} if args.tracing != "off"
                        else stage_env)
        for _ in range(args.runs):
            runs["page"].append(run([quorum_root], "/", quorum_root, stage_env))
            runs["api"].append(run([quorum_root], "/api/meta", quorum_root, stage_env))
            if args.baseline_zip:
                runs["baseline_page"].append(run([baseline_root], "/", baseline_root, baseline_env))
                runs["baseline_api"].append(run([baseline_root], "/api/meta", baseline_root, baseline_env))
            # the bare app uses the package's own Django and Zappa, behind its own settings module
            runs["bare"].append(run([hello, quorum_root], "/hello", hello))
        received = stack["xray_dir"] / "segments.jsonl" if stack["xray_dir"] else None
        segments = sum(1 for _ in received.open()) if received and received.exists() else (0 if received else None)
    page, api, bare = (summary(runs[k]) for k in ("page", "api", "bare"))
    ratio_page = round(page["total_ms"] / bare["total_ms"], 2)
    ratio_api = round(api["total_ms"] / bare["total_ms"], 2)
    # CPU time (init + first request): the same comparison, far less disturbed by other work on the machine
    cpu_page, cpu_api = round(page["cpu_ms"] / bare["cpu_ms"], 2), round(api["cpu_ms"] / bare["cpu_ms"], 2)
    baseline = {}
    if args.baseline_zip:
        old_page, old_api = summary(runs["baseline_page"]), summary(runs["baseline_api"])
        baseline = {"baseline": {"package_bytes": args.baseline_zip.stat().st_size, "quorum_page": old_page,
                                 "quorum_api": old_api,
                                 "ratio_page": round(old_page["total_ms"] / bare["total_ms"], 2),
                                 "ratio_api": round(old_api["total_ms"] / bare["total_ms"], 2),
                                 "cpu_ratio_page": round(old_page["cpu_ms"] / bare["cpu_ms"], 2),
                                 "cpu_ratio_api": round(old_api["cpu_ms"] / bare["cpu_ms"], 2),
                                 "page_delta_ms": round(page["total_ms"] - old_page["total_ms"], 1),
                                 "api_delta_ms": round(api["total_ms"] - old_api["total_ms"], 1)}}
    package = str(zip_path.relative_to(ROOT)) if zip_path.is_relative_to(ROOT) else str(zip_path)
    print(json.dumps({"benchmark": "cold_start", "runs": args.runs, "python": sys.version.split()[0],
                      "tracing": args.tracing, "segments_received": segments,
                      "package": package, "package_bytes": zip_path.stat().st_size,
                      "quorum_page": {"request": "GET / (storefront home: two DynamoDB queries)", **page},
                      "quorum_api": {"request": "GET /api/meta (loads django-ninja and every schema)", **api},
                      "bare_django": {"request": "GET /hello", **bare},
                      "ratio_page": ratio_page, "ratio_api": ratio_api, "cpu_ratio_page": cpu_page,
                      "cpu_ratio_api": cpu_api, "target_ratio": 1.5,
                      "met_page": ratio_page <= 1.5, "met_api": ratio_api <= 1.5, **baseline}, indent=2))


if __name__ == "__main__":
    main()
