import { rawSocket, sleep, startTarget, statusOf, type Target } from '../scripts/attack/lib';

/**
 * scripts/attack/slow.ts as a process test (npm start's entry): a request whose headers come a
 * byte at a time is answered 408 and closed once its 10 s header deadline passes, not at Node's
 * next 30-second check (it was held 29.5 s, and a dribbled body 60 s).
 */
describe('slowloris headers', () => {
  let server: Target;
  beforeAll(async () => {
    server = await startTarget('after');
  });
  afterAll(() => server.stop());

  it('gets 408 and its socket closed within a few seconds of the 10 s header deadline', async () => {
    const { socket, received, closed } = await rawSocket(server.port);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    let open = true;
    void closed.then(() => (open = false));
    for (let second = 0; open && second < 25; second++) {
      socket.write('X');
      await Promise.race([sleep(1000), closed]);
    }
    const heldMs = open ? Infinity : await closed;
    socket.destroy();
    expect(statusOf(received())).toBe(408);
    expect(heldMs).toBeLessThan(15_000);
  }, 40_000);
});
