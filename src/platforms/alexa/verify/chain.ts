import { X509Certificate, type KeyObject } from 'node:crypto';
import { VerificationError } from './errors';
import { VERIFY_LIMITS } from './limits';
import { isTrustedRoot, rootsNamed } from './trust';

/** A chain that passed every check: the signing key, parsed once, and when the chain stops being valid. */
export interface VerifiedChain {
  publicKey: KeyObject;
  /** The earliest notAfter in the chain (ms since the epoch). */
  expiresAt: number;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

function parse(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (!blocks.length) throw new VerificationError('Signature certificate chain holds no certificate');
  if (blocks.length > VERIFY_LIMITS.maxChainCertificates)
    throw new VerificationError('Signature certificate chain is too long');
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch {
    throw new VerificationError('Signature certificate chain does not parse');
  }
}

const time = (text: string) => Date.parse(text);

/**
 * Amazon's checks on the downloaded chain: every certificate within its dates, the first one
 * (the signing certificate) naming echo-api.amazon.com among its Subject Alternative Names, each
 * certificate signed by the next (which must be a CA), and the last one a trusted root or signed
 * by one.
 */
export function verifyChain(pem: string, now: number): VerifiedChain {
  const chain = parse(pem);
  for (const cert of chain) {
    const from = time(cert.validFrom);
    const to = time(cert.validTo);
    if (!(from <= now && now <= to)) throw new VerificationError('Signature certificate is not valid at this time');
  }
  const leaf = chain[0]!;
  const names = (leaf.subjectAltName ?? '').split(',').map((name) => name.trim().toLowerCase());
  if (!names.includes(`dns:${VERIFY_LIMITS.signingDomain}`))
    throw new VerificationError(`Signature certificate is not issued to ${VERIFY_LIMITS.signingDomain}`);
  for (let index = 0; index + 1 < chain.length; index += 1) {
    const [cert, issuer] = [chain[index]!, chain[index + 1]!];
    if (!issuer.ca || !cert.checkIssued(issuer) || !cert.verify(issuer.publicKey))
      throw new VerificationError('Signature certificate chain is broken');
  }
  const last = chain[chain.length - 1]!;
  const anchored =
    isTrustedRoot(last) ||
    rootsNamed(last.issuer).some(
      (root) => root.ca && last.checkIssued(root) && last.verify(root.publicKey) && time(root.validTo) >= now,
    );
  if (!anchored) throw new VerificationError('Signature certificate chain does not lead to a trusted root');
  return { publicKey: leaf.publicKey, expiresAt: Math.min(...chain.map((cert) => time(cert.validTo))) };
}
