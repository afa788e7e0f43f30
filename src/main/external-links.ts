import { shell } from 'electron';

/** The only way the app opens anything outside itself: http(s) URLs in the browser. */
export async function openExternal(url: string): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  await shell.openExternal(parsed.toString());
  return true;
}
