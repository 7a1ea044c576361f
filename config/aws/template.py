"""Builds Quorum's CloudFormation template (config/aws/quorum.template.json) from the code's own
definitions: the table from commerce/persistence/table.py, the AppSync API from realtime/appsync/.

    python -m config.aws.template            # rewrite the committed template
    python -m config.aws.template --check    # exit 1 if the committed template is out of date

The template holds what Zappa does not create: the table, the AppSync API and its API key, the Lambda
role with a least-privilege policy, and (once the function exists) the stream -> Lambda mapping with
partial batch failure reporting, which Zappa 0.63 cannot set up."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from commerce.persistence import table

ROOT = Path(__file__).resolve().parents[2]
APPSYNC = ROOT / "realtime" / "appsync"
OUTPUT = Path(__file__).with_name("quorum.template.json")


def sub(text: str) -> dict:
    return {"Fn::Sub": text}


def ref(name: str) -> dict:
    return {"Ref": name}


def getatt(resource: str, attribute: str) -> dict:
    return {"Fn::GetAtt": [resource, attribute]}


def table_resource() -> dict[str, Any]:
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "TableName": sub("quorum-${Stage}"),
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": table.key_schema(),
            "AttributeDefinitions": table.attribute_definitions(),
            "GlobalSecondaryIndexes": table.global_secondary_indexes(),
            "StreamSpecification": {"StreamViewType": table.STREAM_VIEW_TYPE},
            "TimeToLiveSpecification": {"AttributeName": table.TTL_ATTRIBUTE, "Enabled": True},
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS"},
            "DeletionProtectionEnabled": {"Fn::If": ["IsProd", True, False]},
            "Tags": [{"Key": "app", "Value": "quorum"}, {"Key": "stage", "Value": ref("Stage")}],
        },
    }


def appsync_resources() -> dict[str, Any]:
    resources: dict[str, Any] = {
        "RealtimeApi": {
            "Type": "AWS::AppSync::GraphQLApi",
            "Properties": {
                "Name": sub("quorum-${Stage}-realtime"),
                "AuthenticationType": "AWS_IAM",  # the outbox publisher signs with the Lambda role
                "AdditionalAuthenticationProviders": [{"AuthenticationType": "API_KEY"}],  # the gateway
                "XrayEnabled": False,
            },
        },
        "RealtimeSchema": {
            "Type": "AWS::AppSync::GraphQLSchema",
            "Properties": {"ApiId": getatt("RealtimeApi", "ApiId"),
                           "Definition": (APPSYNC / "schema.graphql").read_text()},
        },
        "RealtimeApiKey": {
            "Type": "AWS::AppSync::ApiKey",
            "Properties": {"ApiId": getatt("RealtimeApi", "ApiId"), "Expires": ref("ApiKeyExpires"),
                           "Description": "Channels gateway: subscribe only (publishing needs IAM)"},
        },
    }
    config = json.loads((APPSYNC / "resolvers.json").read_text())
    for source in config["dataSources"]:
        resources[f"RealtimeDataSource{source['name']}"] = {
            "Type": "AWS::AppSync::DataSource",
            "Properties": {"ApiId": getatt("RealtimeApi", "ApiId"), "Name": source["name"], "Type": source["type"]},
        }
    for resolver in config["resolvers"]:
        name = f"Resolver{resolver['typeName']}{resolver['fieldName'][0].upper()}{resolver['fieldName'][1:]}"
        resources[name] = {
            "Type": "AWS::AppSync::Resolver",
            "DependsOn": ["RealtimeSchema"],
            "Properties": {
                "ApiId": getatt("RealtimeApi", "ApiId"),
                "TypeName": resolver["typeName"],
                "FieldName": resolver["fieldName"],
                "DataSourceName": getatt(f"RealtimeDataSource{resolver['dataSourceName']}", "Name"),
                "RequestMappingTemplate": (APPSYNC / resolver["request"]).read_text(),
                "ResponseMappingTemplate": (APPSYNC / resolver["response"]).read_text(),
            },
        }
    return resources


def lambda_role() -> dict[str, Any]:
    table_arn = getatt("Table", "Arn")
    statements = [
        {"Sid": "TableItems", "Effect": "Allow",
         "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem",
                    "dynamodb:DescribeTable"],
         "Resource": [table_arn, sub("${Table.Arn}/index/*")]},
        {"Sid": "TableStream", "Effect": "Allow",
         "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
         "Resource": getatt("Table", "StreamArn")},
        {"Sid": "StreamList", "Effect": "Allow", "Action": "dynamodb:ListStreams", "Resource": "*"},
        {"Sid": "PublishChannelEvents", "Effect": "Allow", "Action": "appsync:GraphQL",
         "Resource": [sub("${RealtimeApi.Arn}/types/Mutation/fields/publishChannelEvent"),
                      sub("${RealtimeApi.Arn}/types/Query/fields/health")]},
        {"Sid": "StageSecrets", "Effect": "Allow", "Action": "s3:GetObject",
         "Resource": sub("arn:${AWS::Partition}:s3:::${SecretsObject}")},
        {"Sid": "Logs", "Effect": "Allow",
         "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/quorum-${Stage}*")},
    ]
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "RoleName": sub("quorum-${Stage}-lambda"),
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                               "Action": "sts:AssumeRole"}],
            },
            "Policies": [{"PolicyName": "quorum-least-privilege",
                          "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}],
        },
    }


def stream_entities() -> list[str]:
    """The entity types some stream handler acts on (registered by the apps at start-up); the rest of the
    table's writes (carts above all) never invoke the function."""
    import django

    from commerce import streams

    django.setup()
    return streams.entities()


def stream_mapping() -> dict[str, Any]:
    entities = stream_entities()
    return {
        "Type": "AWS::Lambda::EventSourceMapping",
        "Condition": "HasFunction",
        "Properties": {
            "FunctionName": ref("FunctionName"),
            "EventSourceArn": getatt("Table", "StreamArn"),
            "StartingPosition": "TRIM_HORIZON",
            "BatchSize": 100,
            "MaximumBatchingWindowInSeconds": 0,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "FilterCriteria": {"Filters": [
                {"Pattern": json.dumps({"dynamodb": {"NewImage": {"entity": {"S": entities}}}})},
                {"Pattern": json.dumps({"eventName": ["REMOVE"], "dynamodb": {"OldImage": {"entity": {"S": entities}}}})},
            ]},
            "Enabled": True,
        },
    }


def template() -> dict[str, Any]:
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Quorum: the single DynamoDB table, the AppSync realtime API and the Lambda role. "
                       "Generated by config/aws/template.py; do not edit by hand.",
        "Parameters": {
            "Stage": {"Type": "String", "AllowedValues": ["dev", "prod"], "Description": "Zappa stage"},
            "ApiKeyExpires": {"Type": "Number", "Description": "Expiry of the gateway's AppSync API key, epoch "
                                                               "seconds (at most 365 days ahead; rotate before)"},
            "SecretsObject": {"Type": "String", "Description": "bucket/key of the stage's Zappa remote_env JSON"},
            "FunctionName": {"Type": "String", "Default": "",
                             "Description": "The Zappa function (quorum-<stage>) once deployed; empty on the "
                                            "first pass. When set, the table stream is mapped to it."},
        },
        "Conditions": {"HasFunction": {"Fn::Not": [{"Fn::Equals": [ref("FunctionName"), ""]}]},
                       "IsProd": {"Fn::Equals": [ref("Stage"), "prod"]}},
        "Resources": {
            "Table": table_resource(),
            **appsync_resources(),
            "LambdaRole": lambda_role(),
            "TableStreamToLambda": stream_mapping(),
        },
        "Outputs": {
            "TableName": {"Value": ref("Table")},
            "TableStreamArn": {"Value": getatt("Table", "StreamArn"),
                               "Description": "zappa_settings.json events[0].event_source.arn"},
            "GraphQLUrl": {"Value": getatt("RealtimeApi", "GraphQLUrl"), "Description": "APPSYNC_GRAPHQL_URL"},
            "RealtimeApiKey": {"Value": getatt("RealtimeApiKey", "ApiKey"),
                               "Description": "APPSYNC_API_KEY for the Channels gateway"},
            "LambdaRoleName": {"Value": ref("LambdaRole"), "Description": "zappa_settings.json role_name"},
        },
    }


def render() -> str:
    return json.dumps(template(), indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run python -m config.aws.template", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
