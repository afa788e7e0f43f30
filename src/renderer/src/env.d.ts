import type { Api } from '../../shared/contract';

declare global {
  interface Window {
    /** The preload's bridge: exactly the IPC contract, nothing else. */
    readonly api: Api;
  }
}

