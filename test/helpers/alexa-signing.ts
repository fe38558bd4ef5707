import { createSign } from 'node:crypto';
import forge from 'node-forge';
import nock from 'nock';
import { trustRoot } from '../../src/platforms/alexa/verify';

/**
 * A test certificate chain for signed Alexa requests: a root CA and a signing certificate for
 * echo-api.amazon.com. The chain is served by nock at an s3.amazonaws.com/echo.api/ URL, and our
 * verifier is told to trust the root (src/platforms/alexa/verify/trust.ts).
 */
export const CERT_URL = 'https://s3.amazonaws.com/echo.api/massage-coach-test.pem';

function makeCertificate(
  subject: string,
  keys: forge.pki.rsa.KeyPair,
  issuer: { cert?: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  ca: boolean,
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = String(Math.floor(Math.random() * 1e12));
  cert.validity.notBefore = new Date(Date.now() - 365 * 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer(issuer.cert ? issuer.cert.subject.attributes : [{ name: 'commonName', value: subject }]);
  cert.setExtensions(
    ca
      ? [
          { name: 'basicConstraints', cA: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'subjectAltName', altNames: [{ type: 2, value: 'echo-api.amazon.com' }] },
        ],
  );
  cert.sign(issuer.key, forge.md.sha256.create());
  return cert;
}

export interface Signer {
  headers(body: string, options?: { certUrl?: string; omitSignature?: boolean }): Record<string, string>;
  rootPem: string;
  /** The chain served at CERT_URL (signing certificate, then the root). */
  chainPem: string;
}

let cached: { signer: Signer; root: forge.pki.Certificate } | undefined;

/** Builds the chain once per test file (RSA key generation takes a moment). */
export function testSigner(): Signer {
  if (cached) return cached.signer;
  const rootKeys = forge.pki.rsa.generateKeyPair(2048);
  const root = makeCertificate('Massage Coach Test Root', rootKeys, { key: rootKeys.privateKey }, true);
  const leafKeys = forge.pki.rsa.generateKeyPair(2048);
  const leaf = makeCertificate('echo-api.amazon.com', leafKeys, { cert: root, key: rootKeys.privateKey }, false);
  const chainPem = forge.pki.certificateToPem(leaf) + forge.pki.certificateToPem(root);
  const privatePem = forge.pki.privateKeyToPem(leafKeys.privateKey);
  const signer: Signer = {
    rootPem: forge.pki.certificateToPem(root),
    chainPem,
    headers(body, options = {}) {
      const signature = createSign('RSA-SHA256').update(body, 'utf8').sign(privatePem, 'base64');
      return {
        'content-type': 'application/json',
        SignatureCertChainUrl: options.certUrl ?? CERT_URL,
        ...(options.omitSignature ? {} : { 'Signature-256': signature }),
      };
    },
  };
  nock('https://s3.amazonaws.com').persist().get('/echo.api/massage-coach-test.pem').reply(200, chainPem);
  trustRoot(forge.pki.certificateToPem(root));
  cached = { signer, root };
  return signer;
}
