/**
 * One load worker (its own process, so several can drive a server that one client would cap):
 *   node --import tsx bench/load.ts      (started by bench/run.ts, which talks to it over IPC)
 * Receives { job }, runs a warm-up, says { warm }, waits for { go }, runs the measured load and
 * answers { done } with every response time. A body containing BENCH_USER gets a different user
 * for each request, cycling through `users` ids.
 */
import autocannon from 'autocannon';

export interface LoadJob {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  /** Warm-up, discarded: this many seconds, and at least warmRequests requests (JIT and caches settle; capped at 60 s). */
  warmSeconds: number;
  warmRequests: number;
  seconds: number;
  /** Signed requests, each with its own request id, used in turn (a repeated id is a replay the server answers from its cache). */
  signed?: Array<{ body: string; headers: Record<string, string> }>;
  /** Distinct users for bodies with BENCH_USER in them; this worker's share starts at userOffset. BENCH_REQ becomes a unique request id. */
  users: number;
  userOffset: number;
}

export interface LoadDone {
  done: true;
  latencies: number[];
  requests: number;
  errors: number;
}

function fire(job: LoadJob, seconds: number, latencies: number[] | null, amount?: number): Promise<autocannon.Result> {
  let next = job.userOffset;
  let request = 0;
  const rotate = job.body.includes('BENCH_USER') || job.body.includes('BENCH_REQ') || Boolean(job.signed?.length);
  const prefix = `${process.pid}-${Date.now()}`;
  const instance = autocannon({
    url: job.url,
    method: 'POST',
    connections: job.connections,
    duration: seconds,
    ...(amount ? { amount } : {}),
    headers: job.headers,
    body: job.body,
    ...(rotate
      ? {
          requests: [
            {
              method: 'POST',
              setupRequest: (req: autocannon.Request) => {
                const signed = job.signed?.length ? job.signed[request++ % job.signed.length]! : null;
                if (signed) return { ...req, body: signed.body, headers: signed.headers };
                request += 1;
                return {
                  ...req,
                  body: job.body
                    .replaceAll('BENCH_USER', `bench-${(next++ % job.users).toString(36)}`)
                    .replaceAll('BENCH_REQ', `${prefix}-${request}`),
                };
              },
            },
          ],
        }
      : {}),
  });
  if (latencies)
    (instance as unknown as NodeJS.EventEmitter).on(
      'response',
      (_client: unknown, _status: number, _bytes: number, ms: number) => void latencies.push(Math.round(ms * 10) / 10),
    );
  return instance;
}

process.on('message', (message: { job?: LoadJob; go?: true }) => {
  void (async () => {
    if (message.job) {
      job = message.job;
      const started = Date.now();
      if (job.warmSeconds > 0) await fire(job, job.warmSeconds, null);
      if (job.warmRequests > 0) {
        const warming = fire(job, 60, null, job.warmRequests);
        const cap = setTimeout(
          () => (warming as unknown as { stop(): void }).stop(),
          Math.max(1000, 60_000 - (Date.now() - started)),
        );
        await warming;
        clearTimeout(cap);
      }
      process.send!({ warm: true });
    } else if (message.go && job) {
      const latencies: number[] = [];
      const result = await fire(job, job.seconds, latencies);
      const done: LoadDone = {
        done: true,
        latencies,
        requests: result.requests.total,
        errors: result.errors + result.non2xx + result.timeouts,
      };
      process.send!(done);
    }
  })();
});
let job: LoadJob | undefined;
process.on('disconnect', () => process.exit(0));
