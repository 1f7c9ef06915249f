// A grpcurl-style client for config-service's gRPC API (there is no grpcurl package here).
// Usage: node grpc-call.mjs <host:port> <Service/Method> '<json request>'   (token in $TOKEN)
// e.g.   node grpc-call.mjs localhost:8080 DeviceApi/List '{"site":"fra1"}'
//        node grpc-call.mjs localhost:8080 EventApi/Stream '{"kinds":["DEVICE"]}'
// Needs: npm install @grpc/grpc-js @grpc/proto-loader (in this folder).
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';

const [address, call, body = '{}'] = process.argv.slice(2);
if (!address || !call || !call.includes('/')) {
  console.error("usage: node grpc-call.mjs <host:port> <Service/Method> '<json request>'  (token in $TOKEN)");
  process.exit(2);
}
const proto = fileURLToPath(new URL('../src/main/proto/config_service.proto', import.meta.url));
const definition = protoLoader.loadSync(proto, { keepCase: false, longs: String, defaults: true });
const api = grpc.loadPackageDefinition(definition).fosfleet.config.v1;
const [service, method] = call.split('/');
const client = new api[service](address, grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
if (process.env.TOKEN) metadata.add('authorization', `Bearer ${process.env.TOKEN}`);
const rpc = method.charAt(0).toLowerCase() + method.slice(1);
const request = JSON.parse(body);
// grpc-js hands over the status message still percent-encoded as it travelled (grpc-message)
const fail = (err) => { console.error(`${grpc.status[err.code]}: ${decodeURIComponent(err.details)}`); process.exit(1); };

if (api[service].service[method].responseStream) {
  const stream = client[rpc](request, metadata);
  stream.on('data', (event) => console.log(JSON.stringify(event)));
  stream.on('error', fail);
} else {
  client[rpc](request, metadata, (err, reply) => (err ? fail(err) : console.log(JSON.stringify(reply, null, 2))));
}
