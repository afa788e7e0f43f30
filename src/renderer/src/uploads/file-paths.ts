/**
 * Local paths of dropped or picked files. Electron (≥ 32) no longer puts a
 * path on File; the preload's `window.files.pathFor` asks webUtils for it.
 * The renderer sends main PATHS, never file bytes: main streams each file
 * from disk in parts. In the Chromium e2e harness the test binds its own
 * `window.files.pathFor` that maps File names to temp files it created.
 * Without the bridge (a plain browser) there are no paths: say so.
 */
declare global {
  interface Window {
    readonly files?: { pathFor(file: File): string };
  }
}

export function pathsOf(files: readonly File[]): { paths: string[]; missing: string[] } {
  const paths: string[] = [];
  const missing: string[] = [];
  for (const file of files) {
    let path: string;
    try {
      path = window.files?.pathFor(file) ?? '';
    } catch {
      path = ''; // not a file from disk (e.g. dragged from a web page)
    }
    if (path) paths.push(path);
    else missing.push(file.name);
  }
  return { paths, missing };
}
