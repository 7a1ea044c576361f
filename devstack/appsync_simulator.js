// Runs the AWS AppSync simulator with Quorum's schema and resolvers from realtime/appsync/.
// Usage: node devstack/appsync_simulator.js PORT   (API key from APPSYNC_API_KEY; the DynamoDB data source
// reads DYNAMODB_TABLE at DYNAMODB_ENDPOINT_URL, DynamoDB Local)
'use strict';
const fs = require('fs');
const path = require('path');
const { AmplifyAppSyncSimulator } = require('@aws-amplify/amplify-appsync-simulator');

const port = Number(process.argv[2] || 20002);
const apiKey = process.env.APPSYNC_API_KEY || 'da2-quorumlocaldevelopmentkey';
const appsyncDir = path.resolve(__dirname, '..', 'realtime', 'appsync');
const read = (rel) => fs.readFileSync(path.join(appsyncDir, rel), 'utf8');
const manifest = JSON.parse(read('resolvers.json'));

const templates = new Set();
manifest.resolvers.forEach((r) => { templates.add(r.request); templates.add(r.response); });

const simulator = new AmplifyAppSyncSimulator({ port, wsPort: port });
simulator.init({
  schema: { content: read('schema.graphql') },
  appSync: {
    name: 'quorum-local',
    apiKey,
    defaultAuthenticationType: { authenticationType: 'API_KEY' },
    additionalAuthenticationProviders: [{ authenticationType: 'AWS_IAM' }],
  },
  dataSources: manifest.dataSources.map((ds) => (ds.type !== 'AMAZON_DYNAMODB' ? ds : {
    ...ds,
    config: {
      tableName: process.env.DYNAMODB_TABLE || 'quorum-local',
      endpoint: process.env.DYNAMODB_ENDPOINT_URL || 'http://127.0.0.1:8001',
      region: process.env.AWS_REGION || 'us-east-1',
      credentials: { accessKeyId: 'quorumlocal', secretAccessKey: 'quorumlocal' },
    },
  })),
  mappingTemplates: [...templates].map((p) => ({ path: p, content: read(p) })),
  resolvers: manifest.resolvers.map((r) => ({
    kind: 'UNIT',
    typeName: r.typeName,
    fieldName: r.fieldName,
    dataSourceName: r.dataSourceName,
    requestMappingTemplateLocation: r.request,
    responseMappingTemplateLocation: r.response,
  })),
});

simulator.start().then(
  () => console.log(`appsync simulator listening on http://127.0.0.1:${port}/graphql`),
  (err) => { console.error(err); process.exit(1); },
);
const stop = () => simulator.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
