"""Serve GET requests through Zappa's handler from an unzipped Lambda package, as Lambda would: run it as
`python -I -S -B config/aws/lambda_probe.py TASK_ROOT[:MORE_PATHS] [--import-all] PATH [PATH ...]`, so the
interpreter sees nothing but the package and the standard library. Prints one line, `PROBE {json}`:
init_ms (importing the handler: Lambda's init phase), then per path its status, body size and time (each also
as CPU time, `*_cpu_ms`, which a busy machine disturbs far less than wall time);
`--import-all` also imports every Quorum module and the lazily imported SDKs and builds the AWS clients
(proof that nothing is missing from the zip). LAMBDA_PROBE_ENV (JSON) overrides stage environment
variables (a local DynamoDB endpoint, say). Secrets come from this process's environment, not remote_env.
Used by config/aws/package_check.py and bench/cold_start.py; not shipped in the zip."""
import json
import os
import sys
import time

t0, c0 = time.perf_counter(), time.process_time()
args = sys.argv[1:]
roots = args.pop(0).split(":")
import_all = "--import-all" in args
paths = [a for a in args if a != "--import-all"]
sys.path[:0] = roots

import zappa_settings  # noqa: E402  (the package's generated settings)

zappa_settings.REMOTE_ENV = ""
zappa_settings.ENVIRONMENT_VARIABLES.update(json.loads(os.environ.get("LAMBDA_PROBE_ENV", "{}")))
from handler import lambda_handler  # noqa: E402

t1, c1 = time.perf_counter(), time.process_time()


class Context:
    function_name = "quorum-probe"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:quorum-probe"
    aws_request_id = "probe"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def event(path: str) -> dict:
    """A function-URL (HTTP API payload 2.0) GET."""
    host = "probe.lambda-url.us-east-1.on.aws"
    return {"version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
            "headers": {"host": host, "x-forwarded-proto": "https"},
            "requestContext": {"accountId": "123456789012", "apiId": "probe", "domainName": host,
                               "http": {"method": "GET", "path": path, "protocol": "HTTP/1.1",
                                        "sourceIp": "203.0.113.7", "userAgent": "probe"},
                               "requestId": "probe", "routeKey": "$default", "stage": "$default"},
            "isBase64Encoded": False}


report = {"init_ms": (t1 - t0) * 1000, "init_cpu_ms": (c1 - c0) * 1000, "requests": []}
for path in paths:
    started, cpu = time.perf_counter(), time.process_time()
    response = lambda_handler(event(path), Context())
    report["requests"].append({"path": path, "status": response["statusCode"],
                               "bytes": len(response.get("body") or ""),
                               "ms": (time.perf_counter() - started) * 1000,
                               "cpu_ms": (time.process_time() - cpu) * 1000})
report["modules"] = len(sys.modules)

if import_all:  # after the requests: the handler has set up Django with the stage environment
    import importlib
    import pkgutil

    imported = 0
    for package in ("config", "commerce", "storefront", "dealroom"):
        importlib.import_module(package)
        for info in pkgutil.walk_packages([os.path.join(roots[0], package)], prefix=package + "."):
            importlib.import_module(info.name)
            imported += 1
    for lazy in ("stripe", "gql", "gql.transport.websockets", "botocore.auth"):
        importlib.import_module(lazy)
    # tracing's libraries, imported as Lambda imports them (in Lambda mode the X-Ray SDK samples locally and
    # needs no botocore model of its own); EMF and JSON logs through Powertools
    os.environ.setdefault("LAMBDA_TASK_ROOT", roots[0])
    for lazy in ("aws_xray_sdk.core", "aws_xray_sdk.ext.botocore.patch", "aws_xray_sdk.ext.util",
                 "aws_lambda_powertools.tracing", "aws_lambda_powertools.logging.formatter",
                 "aws_lambda_powertools.metrics.provider.cloudwatch_emf.cloudwatch"):
        importlib.import_module(lazy)
    import boto3

    # the clients Quorum and Zappa's handler create (the services whose models the package keeps)
    for service in os.environ.get("QUORUM_PROBE_CLIENTS", "dynamodb,s3,sts").split(","):
        boto3.client(service, region_name="us-east-1")
    report["modules_imported"] = imported

print("PROBE " + json.dumps(report))
