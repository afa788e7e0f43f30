import type { Channel } from '../../../shared/contract';
import { LIBRARY_INDEX_READS } from '../../../shared/library-reads';

/**
 * Query keys: `['session', channel, request]` for answers that do not depend
 * on which profile is active (the profile list, the overview that says which
 * one is, network, uploads), `['profile', id, channel, request]` for the
 * active profile's library, links and sync. The id in the key means a
 * profile switch never shows the previous profile's data, and an event
 * about one profile invalidates that profile's keys only.
 */
export const SESSION_CHANNELS = [
  'app:info',
  'profiles:list',
  'library:overview',
  'network:status',
  'thumbs:status',
  'sync:getSchedule',
  'uploads:list',
  'uploads:interrupted',
  'downloads:list',
  'organise:held',
] as const satisfies readonly Channel[];

export const PROFILE_CHANNELS = [
  ...LIBRARY_INDEX_READS,
  'links:options',
  'links:recent',
  'links:getAcl',
  'sync:status',
  'sync:unclassified',
  'offline:pins',
  'offline:usage',
  'offline:item',
  'organise:preview',
] as const satisfies readonly Channel[];

export type SessionChannel = (typeof SESSION_CHANNELS)[number];
export type ProfileChannel = (typeof PROFILE_CHANNELS)[number];

export type SessionKey<C extends SessionChannel = SessionChannel> = readonly ['session', C, unknown];
export type ProfileKey<C extends ProfileChannel = ProfileChannel> = readonly ['profile', string, C, unknown];

export function sessionKey<C extends SessionChannel>(channel: C, request?: unknown): SessionKey<C> {
  return ['session', channel, request ?? null];
}

export function profileKey<C extends ProfileChannel>(profileId: string, channel: C, request?: unknown): ProfileKey<C> {
  return ['profile', profileId, channel, request ?? null];
}

/** Prefix of every key of one session call (any request). */
export function sessionChannelKey(channel: SessionChannel): readonly ['session', SessionChannel] {
  return ['session', channel];
}
