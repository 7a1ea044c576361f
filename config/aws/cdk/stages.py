"""One CDK context value per stage (`quorum:<stage>` in cdk.json), joined with the stage's Zappa settings.

    "quorum:prod": {"deletionProtection": true, "replicaRegion": "us-west-2", "activeRegion": "us-east-1",
                    "alarmEmail": "oncall@example.com", "account": "123456789012",
                    "tracingRate": 0.05, "tracingReservoir": 1}

Every key is optional: no replica, the home region active, no deletion protection, alarms without a
subscriber, the account of the deploying credentials, X-Ray tracing of 1 invocation a second and 5 % of the
rest (the function's sampling rule). A value passed with `cdk -c` may be a JSON string."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from config.aws.cdk import zappa
from config.aws.cdk.vendors import Vendor, vendors

PREFIX = "quorum:"
KEYS = {"deletionProtection", "replicaRegion", "activeRegion", "alarmEmail", "account", "tracingRate",
        "tracingReservoir"}


@dataclass(frozen=True)
class StageConfig:
    name: str
    home: zappa.ZappaStage
    replica: Optional[zappa.ZappaStage] = None
    active_region: str = ""
    deletion_protection: bool = False
    alarm_email: Optional[str] = None
    account: Optional[str] = None
    vendors: tuple[Vendor, ...] = field(default_factory=tuple)
    tracing_rate: float = 0.05  # X-Ray sampling: this share of invocations beyond the reservoir
    tracing_reservoir: int = 1  # invocations a second always traced

    @property
    def regions(self) -> tuple[zappa.ZappaStage, ...]:
        """Where the function runs: the home region first, then the replica's."""
        return (self.home, self.replica) if self.replica else (self.home,)

    @property
    def table_name(self) -> str:
        return self.home.table_name

    def is_active(self, region: zappa.ZappaStage) -> bool:
        """The region whose function consumes the table stream and runs the schedules (docs/operations.md)."""
        return region.region == self.active_region


def _options(name: str, value: Any) -> dict[str, Any]:
    options = json.loads(value) if isinstance(value, str) else dict(value or {})
    unknown = set(options) - KEYS
    if unknown:
        raise ValueError(f"context {PREFIX}{name}: unknown keys {sorted(unknown)} (known: {sorted(KEYS)})")
    return options


def stage_config(name: str, value: Any, settings: Mapping[str, Any]) -> StageConfig:
    options = _options(name, value)
    home = zappa.stage(settings, name)
    replica = None
    if options.get("replicaRegion"):
        region = options["replicaRegion"]
        replica_name = zappa.replica_stage_name(name, region)
        if replica_name not in settings:
            raise ValueError(f"{PREFIX}{name} has replicaRegion {region}: add the Zappa stage {replica_name!r} "
                             f"(extends {name!r}, aws_region {region!r}; docs/operations.md)")
        replica = zappa.stage(settings, replica_name)
        if replica.region != region or region == home.region:
            raise ValueError(f"Zappa stage {replica_name!r} must deploy to {region}, not {home.region}")
        if replica.table_name != home.table_name:
            raise ValueError(f"Zappa stage {replica_name!r} must use the global table {home.table_name!r}")
    config = StageConfig(name=name, home=home, replica=replica,
                         active_region=options.get("activeRegion") or home.region,
                         deletion_protection=bool(options.get("deletionProtection", False)),
                         alarm_email=options.get("alarmEmail"), account=options.get("account"),
                         vendors=vendors(name), tracing_rate=float(options.get("tracingRate", 0.05)),
                         tracing_reservoir=int(options.get("tracingReservoir", 1)))
    if not 0 <= config.tracing_rate <= 1 or config.tracing_reservoir < 0:
        raise ValueError(f"{PREFIX}{name}: tracingRate is a share between 0 and 1, tracingReservoir a count >= 0")
    if config.active_region not in {r.region for r in config.regions}:
        raise ValueError(f"{PREFIX}{name}: activeRegion {config.active_region} is neither the home nor the "
                         "replica region")
    return config


def from_context(context: Mapping[str, Any], settings: Mapping[str, Any]) -> list[StageConfig]:
    return [stage_config(key.removeprefix(PREFIX), value, settings)
            for key, value in sorted(context.items()) if key.startswith(PREFIX)]
