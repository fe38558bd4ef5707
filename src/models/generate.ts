import { PLATFORMS } from '../platforms';

/** Every generated file, path relative to the repository and its content, from every platform. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const platform of PLATFORMS) for (const [path, content] of platform.generatedFiles()) files.set(path, content);
  return files;
}
