/**
 * Builds the window.api object from channel names. Kept free of any outer
 * reference so the e2e harness can inject it into a page as source text
 * (`buildApi.toString()`) and the renderer there gets the very same object
 * shape the preload gives it in Electron.
 */
export function buildApi(
  channels: readonly string[],
  invoke: (channel: string, request: unknown) => Promise<unknown>,
  on: (event: string, listener: (payload: unknown) => void) => () => void,
): Record<string, unknown> {
  const api: Record<string, unknown> = { on };
  for (const channel of channels) {
    const at = channel.indexOf(':');
    const ns = channel.slice(0, at);
    const method = channel.slice(at + 1);
    const group = (api[ns] ??= {}) as Record<string, unknown>;
    group[method] = (request?: unknown) => invoke(channel, request);
  }
  return Object.freeze(api);
}
