"""The realtime stack: the AppSync API from the repository's AppSync files (the ones the simulator loads),
IAM to publish, an API key to subscribe, request logging."""
import json
import time

from config.aws.cdk import sources


def test_appsync_is_built_from_the_repository_files(synthesis):
    folder = sources.appsync_dir()
    config = json.loads((folder / "resolvers.json").read_text())
    for stack in synthesis.stacks("realtime"):
        schema = synthesis.one(stack, "AWS::AppSync::GraphQLSchema")["Properties"]
        assert schema["Definition"] == (folder / "schema.graphql").read_text()
        data_sources = [r["Properties"] for r in synthesis.resources(stack, "AWS::AppSync::DataSource").values()]
        assert [(d["Name"], d["Type"]) for d in data_sources] == [(s["name"], s["type"]) for s in config["dataSources"]]
        resolvers = {(r["Properties"]["TypeName"], r["Properties"]["FieldName"]): r["Properties"]
                     for r in synthesis.resources(stack, "AWS::AppSync::Resolver").values()}
        assert set(resolvers) == {(r["typeName"], r["fieldName"]) for r in config["resolvers"]}
        for expected in config["resolvers"]:
            got = resolvers[(expected["typeName"], expected["fieldName"])]
            assert got["RequestMappingTemplate"] == (folder / expected["request"]).read_text()
            assert got["ResponseMappingTemplate"] == (folder / expected["response"]).read_text()


def test_iam_publishes_an_api_key_subscribes_and_requests_are_logged(synthesis):
    now = time.time()
    for stack in synthesis.stacks("realtime"):
        api = synthesis.one(stack, "AWS::AppSync::GraphQLApi")["Properties"]
        assert api["AuthenticationType"] == "AWS_IAM"
        assert api["AdditionalAuthenticationProviders"] == [{"AuthenticationType": "API_KEY"}]
        assert api["LogConfig"]["FieldLogLevel"] == "ERROR"
        key = synthesis.one(stack, "AWS::AppSync::ApiKey")["Properties"]
        assert 300 * 86400 < key["Expires"] - now <= 365 * 86400  # AppSync's limit; each deploy moves it
        logs = synthesis.one(stack, "AWS::Logs::LogGroup")["Properties"]
        assert logs["RetentionInDays"] == 30
        assert "/aws/appsync/apis/" in json.dumps(logs["LogGroupName"])
