import { rootCertificates } from 'node:tls';
import { X509Certificate } from 'node:crypto';

/**
 * The roots a certificate chain must lead to: Node's bundled Mozilla roots, parsed once per
 * process and indexed by subject. Tests add their own CA with trustRoot().
 */
let bySubject: Map<string, X509Certificate[]> | undefined;
const extra: string[] = [];

function index(): Map<string, X509Certificate[]> {
  if (bySubject) return bySubject;
  bySubject = new Map();
  for (const pem of [...rootCertificates, ...extra]) {
    const root = new X509Certificate(pem);
    bySubject.set(root.subject, [...(bySubject.get(root.subject) ?? []), root]);
  }
  return bySubject;
}

/** Trusted roots whose subject is the given issuer name. */
export function rootsNamed(issuer: string): X509Certificate[] {
  return index().get(issuer) ?? [];
}

/** Whether this very certificate is a trusted root. */
export function isTrustedRoot(cert: X509Certificate): boolean {
  return rootsNamed(cert.subject).some((root) => root.fingerprint256 === cert.fingerprint256);
}

/** Adds a root to trust (tests: a CA of their own, as Amazon's chain cannot be signed here). */
export function trustRoot(pem: string): void {
  extra.push(pem);
  bySubject = undefined;
}
