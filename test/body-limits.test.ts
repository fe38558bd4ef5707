import { connect } from 'node:net';
import { setLogSink } from '../src/log';
import { startServer } from './helpers/server';

/**
 * A declared huge body is refused before it is read: the body parsers read a refused body to its
 * end before answering, so a client announcing 1 GiB kept a request (and the bandwidth) busy.
 */
beforeAll(() => setLogSink('silent'));

/** Announces `declared` bytes and sends until the server answers or `cap` bytes went: the status line and what was sent. */
function announce(port: number, path: string, declared: number, cap: number) {
  return new Promise<{ status: string; sentBytes: number }>((resolve) => {
    let sent = 0;
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = () => {
        while (sent < cap && !socket.destroyed && socket.write(chunk)) sent += chunk.length;
        if (sent < cap && !socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    const done = () => resolve({ status: answer.split('\r\n')[0] ?? '', sentBytes: sent });
    socket.on('data', (data: Buffer) => {
      answer += data.toString();
      if (answer.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
  });
}

describe('a declared 1 GiB body', () => {
  it('gets 413 on every route before the server reads it (the client had sent at most 64 MB)', async () => {
    const server = await startServer();
    const port = Number(new URL(server.baseUrl).port);
    try {
      for (const path of ['/alexa', '/dialogflow', '/dialogflow-cx', '/console/say']) {
        const { status, sentBytes } = await announce(port, path, 2 ** 30, 64 * 2 ** 20);
        expect({ path, status }).toEqual({ path, status: 'HTTP/1.1 413 Payload Too Large' });
        expect(sentBytes).toBeLessThan(64 * 2 ** 20);
      }
    } finally {
      await server.close();
    }
  });
});
