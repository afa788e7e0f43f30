import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { NetworkStatus } from '../../../shared/domain';
import { useApiMutation } from '../data/mutations';
import { sessionQuery } from '../data/queries';

const UNKNOWN: NetworkStatus = { online: null, host: null, checkedAt: null, message: null };

/**
 * Whether the active profile's endpoint answers: main's last word at once,
 * then a probe now and every 30 s (main announces changes as
 * network:changed; the probe's answer lands in the same cache entry).
 */
export function useNetwork(): NetworkStatus {
  const status = useQuery(sessionQuery('network:status'));
  const { mutate: probe } = useApiMutation('network:check');
  useEffect(() => {
    probe(undefined);
    const timer = setInterval(() => probe(undefined), 30_000);
    return () => clearInterval(timer);
  }, [probe]);
  return status.data ?? UNKNOWN;
}
