"""Runs Zappa's own Lambda handler on events from stdin, with the settings module that
`zappa save-python-settings-file` wrote, in a fresh interpreter as on Lambda. Prints the responses.

Usage: python zappa_driver.py SETTINGS_DIR < events.json
"""
import json
import os
import sys
import uuid


class LambdaContext:
    function_name = "quorum-dev"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:quorum-dev"

    def __init__(self) -> None:
        self.aws_request_id = str(uuid.uuid4())

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def main() -> None:
    sys.path.insert(0, sys.argv[1])  # the generated zappa_settings module
    sys.path.insert(1, os.getcwd())  # the project root, as the Lambda task root is
    import zappa_settings

    # The stage's secrets normally come from its remote_env file on S3; here the test's environment has them.
    zappa_settings.REMOTE_ENV = ""
    # Zappa sets the stage's environment variables over the process's; the stage names AWS endpoints, so
    # the ones the test lists are pointed at the local services instead.
    for name in filter(None, os.environ.get("ZAPPA_DRIVER_LOCAL", "").split(",")):
        zappa_settings.ENVIRONMENT_VARIABLES[name] = os.environ[name]
    from zappa.handler import lambda_handler

    events = json.load(sys.stdin)
    responses = [lambda_handler(event, LambdaContext()) for event in events]
    print("ZAPPA-RESPONSES " + json.dumps(responses))


if __name__ == "__main__":
    main()
