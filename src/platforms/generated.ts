import { PLATFORMS } from '.';

/** Every generated file, path relative to the repository and its content, from every platform. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const platform of PLATFORMS) for (const [path, content] of platform.generatedFiles()) files.set(path, content);
  return files;
}

/** What each platform's own rules find wrong in the models it generates: `npm run models` refuses to write them. */
export function modelProblems(): string[] {
  return PLATFORMS.flatMap((platform) => platform.modelProblems().map((problem) => `${platform.name}: ${problem}`));
}
