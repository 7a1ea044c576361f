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


def test_the_vendor_queries_read_the_stages_table_and_nothing_more(synthesis):
    for stack in synthesis.stacks("realtime"):
        (source,) = [d["Properties"] for d in synthesis.resources(stack, "AWS::AppSync::DataSource").values()
                     if d["Properties"]["Type"] == "AMAZON_DYNAMODB"]
        stage = stack.split("-")[1]
        assert source["DynamoDBConfig"]["TableName"] == f"quorum-{stage}"
        role_id = source["ServiceRoleArn"]["Fn::GetAtt"][0]
        role = synthesis.resources(stack, "AWS::IAM::Role")[role_id]["Properties"]
        assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "appsync.amazonaws.com"}
        (read,) = role["Policies"][0]["PolicyDocument"]["Statement"]
        assert sorted(read["Action"]) == ["dynamodb:GetItem", "dynamodb:Query"]
        assert f":table/quorum-{stage}" in json.dumps(read["Resource"]) and "*" not in json.dumps(read["Resource"])
        assert not [p for p in synthesis.resources(stack, "AWS::IAM::Policy").values()
                    if p["Properties"]["Roles"] == [{"Ref": role_id}]]  # the construct's own grant is not there
