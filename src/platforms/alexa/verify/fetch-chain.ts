import { get } from 'node:https';
import { VerificationError } from './errors';
import { VERIFY_LIMITS } from './limits';

/**
 * Downloads a certificate chain with a hard deadline for the whole exchange and a size cap,
 * counted as the bytes arrive: a slow or huge answer is cut off, never buffered whole.
 */
export function fetchChain(
  url: string,
  timeoutMs: number = VERIFY_LIMITS.fetchTimeoutMs,
  maxBytes: number = VERIFY_LIMITS.maxChainBytes,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: VerificationError | null, body?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      if (error) reject(error);
      else resolve(body!);
    };
    const request = get(url, { headers: { accept: 'application/x-pem-file, */*' } }, (response) => {
      if (response.statusCode !== 200) {
        finish(new VerificationError(`Signature certificate could not be downloaded (status ${response.statusCode})`));
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (declared > maxBytes) {
        finish(new VerificationError('Signature certificate chain is too large'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          finish(new VerificationError('Signature certificate chain is too large'));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish(null, Buffer.concat(chunks).toString('utf8')));
      response.on('error', () => finish(new VerificationError('Signature certificate could not be downloaded')));
    });
    request.on('error', () => finish(new VerificationError('Signature certificate could not be downloaded')));
    const timer = setTimeout(
      () => finish(new VerificationError('Signature certificate download timed out')),
      timeoutMs,
    );
  });
}
