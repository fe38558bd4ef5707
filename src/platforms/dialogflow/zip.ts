import AdmZip from 'adm-zip';

/** An agent export as a zip, the form restoreAgent and the consoles import. Deterministic file order. */
export function agentZip(files: Map<string, string>): Buffer {
  const zip = new AdmZip();
  for (const path of [...files.keys()].sort()) zip.addFile(path, Buffer.from(files.get(path)!, 'utf8'));
  return zip.toBuffer();
}
