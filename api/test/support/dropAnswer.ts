import { connect } from 'node:net';

/**
 * Sends a GraphQL POST and loses its answer, as a phone does when its connection drops: the request is
 * written on a raw socket, and the socket is destroyed as soon as the request has been flushed to the
 * kernel, before any byte of the answer can arrive. The server still receives the whole request (on
 * loopback one segment, read before the end of the stream, so the body is parsed before Node aborts the
 * request on the client's FIN) and carries it out; its answer goes nowhere. Whether it committed is then
 * only visible in the database: poll for the effect, then retry.
 */
export async function sendAndDropAnswer(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<void> {
  const { hostname, port } = new URL(url);
  const body = Buffer.from(JSON.stringify({ query, variables }));
  const head = [
    'POST /graphql HTTP/1.1',
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${body.length}`,
    ...(token ? [`Authorization: Bearer ${token}`] : []),
    '',
    '',
  ].join('\r\n');
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(Buffer.concat([Buffer.from(head), body]), (err) => {
        socket.destroy(); // nothing of the answer is ever read
        if (err) reject(err);
        else resolve();
      });
    });
    socket.once('error', reject);
  });
}
