"""A local stand-in for the Amazon Bedrock runtime: the Converse operation on its real wire protocol
(rest-json, SigV4, Bedrock's error codes), reached by Quorum only through boto3 `bedrock-runtime` with an
endpoint URL. Content is deterministic, derived from the request. Tests steer it through /_standin/."""
