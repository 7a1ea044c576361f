"""Quorum's infrastructure as an AWS CDK app (Python), checked by cdk-nag's AwsSolutions pack.

    python -m config.aws.cdk                   # synthesize every stage into config/aws/cdk/cdk.out (make synth)

A development tool only: aws-cdk-lib and cdk-nag come from requirements-cdk.txt and never enter the Lambda
zip (zappa_settings.json excludes config/aws). docs/operations.md has the stacks and the deploy steps."""
