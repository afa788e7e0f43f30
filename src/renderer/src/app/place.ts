import { useRouterState } from '@tanstack/react-router';

/** Where the main area is, read from the route (for the breadcrumbs, the sidebar, Alt+↑). */
export type Place =
  | { view: 'models' }
  | { view: 'model'; model: string }
  | { view: 'post'; model: string; post: string }
  | { view: 'shared' }
  | { view: 'search' };

export function usePlace(): Place {
  return useRouterState({
    select: (state): Place => {
      const match = state.matches.at(-1);
      const params = (match?.params ?? {}) as { model?: string; post?: string };
      switch (match?.routeId) {
        case '/models/$model/$post':
          return { view: 'post', model: params.model ?? '', post: params.post ?? '' };
        case '/models/$model':
          return { view: 'model', model: params.model ?? '' };
        case '/shared':
          return { view: 'shared' };
        case '/search':
          return { view: 'search' };
        default:
          return { view: 'models' };
      }
    },
    structuralSharing: true,
  });
}
