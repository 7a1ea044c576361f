"""Cold start on Lambda's terms: a fresh interpreter that sees only the unzipped package (as a Lambda task root)
imports Zappa's handler with Quorum's prod settings and serves its first request; the same for a bare
Django hello-world project with the same Django and Zappa, in the same run.

    .venv/bin/python bench/cold_start.py [--runs 9]

Builds the prod zip first when .devstack/package/quorum-prod.zip is missing (config/aws/package_check.py).
Each run is `python -I -S` (no site-packages but the package's) timing: init = importing the handler
(Django set-up included, Lambda's init phase), first = the first GET through lambda_handler. Runs alternate
between the two apps; medians are reported. Target: Quorum's init + first within 1.5x of the bare app's."""
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

DRIVER = r"""
import json, os, sys, time
t0 = time.perf_counter()
sys.path[:0] = sys.argv[1].split(":")
import zappa_settings
zappa_settings.REMOTE_ENV = ""
zappa_settings.ENVIRONMENT_VARIABLES.update(json.loads(os.environ.get("COLD_ENV", "{}")))  # local DynamoDB
from handler import lambda_handler
t1 = time.perf_counter()

class Context:
    function_name = "cold"; memory_limit_in_mb = 1024; aws_request_id = "r"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:cold"
    def get_remaining_time_in_millis(self): return 30000

path, host = sys.argv[2], "cold.lambda-url.us-east-1.on.aws"
event = {"version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
         "headers": {"host": host, "x-forwarded-proto": "https"},
         "requestContext": {"accountId": "123456789012", "apiId": "cold", "domainName": host,
                            "http": {"method": "GET", "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7",
                                     "userAgent": "bench"}, "requestId": "r", "routeKey": "$default",
                            "stage": "$default"}, "isBase64Encoded": False}
response = lambda_handler(event, Context())
t2 = time.perf_counter()
assert response["statusCode"] == 200, response
print("COLD " + json.dumps({"init_ms": (t1 - t0) * 1000, "first_request_ms": (t2 - t1) * 1000,
                             "modules": len(sys.modules)}))
"""

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
    (root / "zappa_settings.py").write_text("\n".join(kept + [
        "DJANGO_SETTINGS='hello_settings'", "ENVIRONMENT_VARIABLES={}", "AWS_EVENT_MAPPING={}", "REMOTE_ENV=''"]) + "\n")
    return root


def run(path_entries: list[Path], url: str, cwd: Path, stage_env: dict | None = None) -> dict:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "SECRET_KEY": "bench-" + "s" * 50,
           "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
           "COLD_ENV": json.dumps(stage_env or {})}
    result = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", DRIVER, ":".join(map(str, path_entries)), url],
                            cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    line = next((l for l in result.stdout.splitlines() if l.startswith("COLD ")), None)
    if line is None:
        raise SystemExit(f"cold start run failed:\n{result.stderr[-3000:]}")
    return json.loads(line.removeprefix("COLD "))


def summary(samples: list[dict]) -> dict:
    def med(key: str) -> float:
        return round(statistics.median(s[key] for s in samples), 1)

    totals = [s["init_ms"] + s["first_request_ms"] for s in samples]
    return {"init_ms": med("init_ms"), "first_request_ms": med("first_request_ms"),
            "total_ms": round(statistics.median(totals), 1), "total_min_ms": round(min(totals), 1),
            "modules": int(med("modules"))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.common import local_stack

    zip_path = ensure_zip()
    with tempfile.TemporaryDirectory(prefix="quorum-cold-") as tmp, local_stack(with_site=False) as stack:
        # the storefront's home page reads the catalog from DynamoDB Local (an empty table: the empty state)
        stage_env = {"DYNAMODB_ENDPOINT_URL": stack["dynamodb_url"], "DYNAMODB_TABLE": stack["table"],
                     "AWS_ACCESS_KEY_ID": "quorumlocal", "AWS_SECRET_ACCESS_KEY": "quorumlocal"}
        base = Path(tmp)
        quorum_root = base / "quorum"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(quorum_root)
        hello = hello_root(base, quorum_root)
        runs: dict[str, list[dict]] = {"page": [], "api": [], "bare": []}
        for _ in range(args.runs):
            runs["page"].append(run([quorum_root], "/", quorum_root, stage_env))
            runs["api"].append(run([quorum_root], "/api/meta", quorum_root, stage_env))
            # the bare app uses the package's own Django and Zappa, behind its own settings module
            runs["bare"].append(run([hello, quorum_root], "/hello", hello))
    page, api, bare = (summary(runs[k]) for k in ("page", "api", "bare"))
    ratio_page = round(page["total_ms"] / bare["total_ms"], 2)
    ratio_api = round(api["total_ms"] / bare["total_ms"], 2)
    print(json.dumps({"benchmark": "cold_start", "runs": args.runs, "python": sys.version.split()[0],
                      "package": str(zip_path.relative_to(ROOT)), "package_bytes": zip_path.stat().st_size,
                      "quorum_page": {"request": "GET / (storefront home: two DynamoDB queries)", **page},
                      "quorum_api": {"request": "GET /api/meta (loads django-ninja and every schema)", **api},
                      "bare_django": {"request": "GET /hello", **bare},
                      "ratio_page": ratio_page, "ratio_api": ratio_api, "target_ratio": 1.5,
                      "met_page": ratio_page <= 1.5, "met_api": ratio_api <= 1.5}, indent=2))


if __name__ == "__main__":
    main()
