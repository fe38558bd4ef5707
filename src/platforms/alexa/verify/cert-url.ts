import { VerificationError } from './errors';
import { VERIFY_LIMITS } from './limits';

/**
 * The SignatureCertChainUrl, normalised the way it will be fetched (WHATWG: dot segments and
 * percent-encoded dots resolved, host lower-cased, default port dropped), then checked: https,
 * host s3.amazonaws.com, port 443 if given, path starting /echo.api/ (case-sensitive). Checking
 * the normalised form is what closes the review's parser differential (/echo.api/../x).
 */
export function normaliseCertUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new VerificationError('Signature certificate URL is not a URL');
  }
  if (url.protocol !== 'https:') throw new VerificationError('Signature certificate URL must use https');
  if (url.hostname !== VERIFY_LIMITS.certHost)
    throw new VerificationError(`Signature certificate URL must be on ${VERIFY_LIMITS.certHost}`);
  // WHATWG drops the default port (443 for https), so any port left here is another one.
  if (url.port !== '' && url.port !== VERIFY_LIMITS.certPort)
    throw new VerificationError('Signature certificate URL must use port 443');
  if (url.username || url.password) throw new VerificationError('Signature certificate URL must not carry credentials');
  if (!url.pathname.startsWith(VERIFY_LIMITS.certPathPrefix))
    throw new VerificationError(`Signature certificate URL path must start with ${VERIFY_LIMITS.certPathPrefix}`);
  // An encoded slash or backslash could be decoded by the server into another folder.
  if (/%2f|%5c/i.test(url.pathname))
    throw new VerificationError('Signature certificate URL path must not encode slashes');
  // Amazon's URLs have no query; refusing one keeps every URL one cache entry (no ?n=1, ?n=2 …).
  if (url.search) throw new VerificationError('Signature certificate URL must not carry a query');
  url.hash = '';
  return url.href;
}
