/**
 * A lender's webhook receiver for bench/webhooks.ts: reads each POST to its end and answers 204,
 * nothing more. It does not verify signatures (that would measure the receiver, not the sender).
 * GET answers `{"received": n}`, the POSTs so far. In a process of its own, so that its CPU time
 * is counted apart from the sender's; prints `ready <port>`.
 */
import http from 'node:http';

let received = 0;
const server = http.createServer((request, response) => {
  if (request.method !== 'POST') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received }));
    return;
  }
  request.resume();
  request.on('end', () => {
    received++;
    response.writeHead(204).end();
  });
});
// Longer than the sender's idle sockets live (5 s): the receiver never closes a socket the sender
// is about to reuse, which would fail that delivery for the bench's sake.
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
