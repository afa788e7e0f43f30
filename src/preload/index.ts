/**
 * The preload: exposes exactly the contract as window.api. Never exposes
 * ipcRenderer itself; `on` drops the IPC event object before calling back.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { buildApi } from '../shared/api';
import { channelNames, eventNames } from '../shared/contract';
import type { Envelope } from '../shared/errors';
import { FILE_GRANT_CHANNEL, type DropGrants, type FileGrant, type FilesBridge } from '../shared/file-grants';

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

/**
 * Dropped Files carry no path since Electron 32. The page never sees or
 * names one: the paths are resolved here, from real File objects only, and
 * main turns them into upload grants; the page gets ids and names.
 */
const files: FilesBridge = {
  async grant(dropped) {
    const paths: string[] = [];
    const missing: string[] = [];
    for (const file of Array.from(dropped)) {
      let path: string;
      try {
        path = webUtils.getPathForFile(file);
      } catch {
        path = ''; // not a File from disk
      }
      if (path) paths.push(path);
      else missing.push(String((file as { name?: unknown }).name ?? ''));
    }
    if (paths.length === 0) return { grants: [], missing };
    const answer = (await ipcRenderer.invoke(FILE_GRANT_CHANNEL, paths)) as Envelope<FileGrant[]>;
    const result: DropGrants = answer.ok ? { grants: answer.data, missing } : { grants: [], missing, error: answer.error.message };
    return result;
  },
};
contextBridge.exposeInMainWorld('files', files);
