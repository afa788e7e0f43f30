import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { NetworkStatus } from '../../../shared/domain';
import { useApiMutation } from '../data/mutations';
import { sessionQuery, useActiveProfileId } from '../data/queries';

const UNKNOWN: NetworkStatus = { online: null, host: null, checkedAt: null, message: null };

/** Whether the active profile's endpoint answers, as main last said (network:changed keeps it current). */
export function useNetworkStatus(): NetworkStatus {
  return useQuery(sessionQuery('network:status')).data ?? UNKNOWN;
}

/**
 * Probes the endpoint now and every 30 s while mounted (the shell does, once),
 * and again when another profile becomes active (its endpoint is another
 * host); the answer lands in network:status.
 */
export function useNetworkProbe(): void {
  const { mutate: probe } = useApiMutation('network:check');
  const profileId = useActiveProfileId();
  useEffect(() => {
    probe(undefined);
    const timer = setInterval(() => probe(undefined), 30_000);
    return () => clearInterval(timer);
  }, [probe, profileId]);
}
