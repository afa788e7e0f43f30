/**
 * The preload: exposes exactly the contract as window.api. Never exposes
 * ipcRenderer itself; `on` drops the IPC event object before calling back.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { buildApi } from '../shared/api';
import { channelNames, eventNames } from '../shared/contract';

const allowedEvents = new Set<string>(eventNames);

const api = buildApi(
  channelNames,
  (channel, request) => ipcRenderer.invoke(channel, request),
  (event, listener) => {
    if (!allowedEvents.has(event)) throw new Error(`Unknown event ${event}`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
);

contextBridge.exposeInMainWorld('api', api);

// Dropped/picked File objects carry no path since Electron 32; uploads send
// main local paths (never bytes), so expose only this lookup. No IPC involved.
contextBridge.exposeInMainWorld('files', { pathFor: (file: File) => webUtils.getPathForFile(file) });
