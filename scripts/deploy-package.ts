/**
 * The skill package as deployed: skill-package/ (generated from skill.json and the models, no
 * host in it) plus what only the deployment knows, written in place just before `ask deploy`:
 * the endpoint, the listing pages' URLs, and name-free launch phrases only for a live skill.
 * `npm run models` puts the package back as generated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALEXA_LOCALES } from '../src/platforms/alexa/model';

export interface DeployTarget {
  /** A Lambda ARN (from the CDK stack) or the HTTPS URL of a server's /alexa route. */
  endpoint: string;
  /** The HTTPS origin serving /privacy and /terms (a server of ours); without it, no listing URLs. */
  publicUrl?: string | undefined;
  /** Name-free launch ("Alexa, start neck release") is only for live skills (ALEXA_LIVE_SKILL=1). */
  live: boolean;
}

type Json = Record<string, any>;

export function deployedManifest(source: Json, target: DeployTarget): Json {
  const manifest = structuredClone<Json>(source);
  const isLambda = target.endpoint.startsWith('arn:aws:lambda:');
  if (!isLambda && !/^https:\/\/[^/]+\/alexa$/.test(target.endpoint))
    throw new Error(`the endpoint must be a Lambda ARN or https://<host>/alexa (got "${target.endpoint}")`);
  // A server behind a certificate from a known authority; a Lambda needs no certificate type.
  const endpoint = isLambda ? { uri: target.endpoint } : { uri: target.endpoint, sslCertificateType: 'Trusted' };
  manifest.manifest.apis.custom.endpoint = endpoint;
  manifest.manifest.events.endpoint = endpoint;
  if (target.publicUrl) {
    const origin = new URL(target.publicUrl);
    if (origin.protocol !== 'https:') throw new Error(`PUBLIC_URL must be https (got "${target.publicUrl}")`);
    manifest.manifest.privacyAndCompliance.locales = Object.fromEntries(
      ALEXA_LOCALES.map((locale) => [
        locale,
        {
          privacyPolicyUrl: new URL(`/privacy?locale=${locale}`, origin).href,
          termsOfUseUrl: new URL(`/terms?locale=${locale}`, origin).href,
        },
      ]),
    );
  }
  return manifest;
}

export function deployedModel(model: Json, live: boolean): Json {
  if (live) return model;
  const deployed = structuredClone(model);
  delete (deployed.interactionModel as Json)._nameFreeInteraction;
  return deployed;
}

/** Writes the deployed manifest and models over skill-package/ (restore with `npm run models`). */
export function writeDeployedPackage(root: string, target: DeployTarget): void {
  const packageDir = join(root, 'skill-package');
  const read = (path: string) => JSON.parse(readFileSync(join(packageDir, path), 'utf8')) as Json;
  const write = (path: string, json: Json) =>
    writeFileSync(join(packageDir, path), `${JSON.stringify(json, null, 2)}\n`);
  write('skill.json', deployedManifest(read('skill.json'), target));
  for (const locale of ALEXA_LOCALES) {
    const path = `interactionModels/custom/${locale}.json`;
    write(path, deployedModel(read(path), target.live));
  }
}
