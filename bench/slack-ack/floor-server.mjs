/**
 * The floor of the slack-ack bench: a bare node:http server that reads the
 * body and answers 200 at once, in a process of its own. Prints
 * `{"port":N}` on one stdout line when listening; exits when stdin closes
 * (the bench ended, however it ended).
 */
import http from 'node:http';
import process from 'node:process';

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
