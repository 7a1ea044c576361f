"""The CDK app: per stage a cdk.Stage `quorum-<stage>` whose stacks are, in deploy order,

    data          the table (global; replicas in the other region when asked)     home region
    realtime      the AppSync API                                                  every region
    integrations  bus, vendor rules, queues, DLQs, consumer roles (issue 15)      every region, with vendors
    role          the function's role and log group: Zappa deploys next           every region
    app           stream mapping, schedules, alarms: after `zappa deploy`         every region

(stacks of the second region end with -<region>). cdk-nag's AwsSolutions pack checks all of them."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Optional

from aws_cdk import App, Environment, Stage, Tags

from config.aws.cdk import data, nag
from config.aws.cdk.app_stack import AppStack
from config.aws.cdk.integrations import IntegrationsStack
from config.aws.cdk.realtime import RealtimeStack
from config.aws.cdk.role import RoleStack
from config.aws.cdk.stages import StageConfig


def add_stage(app: App, stage: StageConfig) -> Stage:
    scope = Stage(app, f"quorum-{stage.name}")
    Tags.of(scope).add("app", "quorum")
    Tags.of(scope).add("stage", stage.name)
    nag.check(scope)
    table = data.DataStack(scope, "data", stage=stage,
                           env=Environment(account=stage.account, region=stage.home.region))
    for region in stage.regions:
        home = region is stage.home
        suffix = "" if home else f"-{region.region}"
        env = Environment(account=stage.account, region=region.region)
        realtime = RealtimeStack(scope, f"realtime{suffix}", stage_name=stage.name, region=region, env=env)
        integrations = (IntegrationsStack(scope, f"integrations{suffix}", stage_name=stage.name,
                                          vendors=stage.vendors, api=realtime.api, env=env) if stage.vendors else None)
        role = RoleStack(scope, f"role{suffix}", region=region, data=table if home else None,
                         api=realtime.api, integrations=integrations, env=env)
        if not home:
            role.add_stack_dependency(table)  # the replica must exist before its stream is looked up
        others = [r.region for r in stage.regions if r is not region]
        specs = [*data.table_alarm_specs(stage.table_name, others), *realtime.alarm_specs(),
                 *(integrations.alarm_specs() if integrations else [])]
        AppStack(scope, f"app{suffix}", stage=stage, region=region, stream_arn=role.stream_arn,
                 alarm_specs=specs, env=env)
    return scope


def build(stages: Sequence[StageConfig], *, outdir: Optional[str] = None,
          context: Optional[Mapping[str, Any]] = None) -> App:
    app = App(outdir=outdir, context=dict(context or {}))  # no outdir: the CLI's CDK_OUTDIR
    for stage in stages:
        add_stage(app, stage)
    return app
