"""What the infrastructure is built from in the rest of the repository: one place for each path and
definition, so that moving them is a one-line change here."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ZAPPA_SETTINGS = ROOT / "zappa_settings.json"
CDK_JSON = Path(__file__).with_name("cdk.json")


def appsync_dir() -> Path:
    """The AppSync schema and resolver templates, loaded unchanged by AWS and the local simulator."""
    return ROOT / "realtime" / "appsync"


@dataclass(frozen=True)
class Resolver:
    type_name: str
    field_name: str
    data_source: str
    request: str  # VTL text
    response: str


@dataclass(frozen=True)
class AppSyncDefinition:
    schema_file: Path
    data_sources: dict[str, str]  # name -> AppSync type (NONE, AMAZON_DYNAMODB, ...)
    resolvers: tuple[Resolver, ...]


def appsync_definition() -> AppSyncDefinition:
    folder = appsync_dir()
    config = json.loads((folder / "resolvers.json").read_text())
    resolvers = tuple(
        Resolver(r["typeName"], r["fieldName"], r["dataSourceName"], (folder / r["request"]).read_text(),
                 (folder / r["response"]).read_text())
        for r in config["resolvers"])
    return AppSyncDefinition(schema_file=folder / "schema.graphql",
                             data_sources={s["name"]: s["type"] for s in config["dataSources"]},
                             resolvers=resolvers)


def stream_entities() -> list[str]:
    """The entity types some stream handler acts on (the apps register them at start-up); the table's other
    writes (carts above all) never invoke the function."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from commerce import streams

    return streams.entities()
