import { createHashHistory, createRootRoute, createRoute, createRouter, type RouterHistory } from '@tanstack/react-router';
import { z } from 'zod';
import { kindFilterSchema, mediaSortSchema, modelSortSchema } from '../../../shared/contract';
import { ModelPage, ModelsPage, PostPage, SearchPage, SharedPage } from './pages';
import { Shell } from './Shell';

/*
 * Where the main area is, with history (back/forward) — the URL's hash:
 *   #/                         models          ?sort&filter
 *   #/models/MODEL             a model's posts ?sort&filter
 *   #/models/MODEL/POST        a post's media  ?kind&sort&filter, &item=KEY: the viewer open on KEY
 *   #/shared                   Recently shared
 *   #/search?q=…               search
 * A hash history, not paths: the app is served from app://bundle/index.html
 * (Electron) and http://spaces.app/index.html (the e2e harness); with a hash
 * the document is always index.html, so nothing depends on how the protocol
 * answers other paths, a route can never collide with the protocol's own
 * /thumb/ and /original/ routes, and a reload keeps the place (a memory
 * history would lose it).
 */

// Sorting and filters live in the URL, so Back returns to the list as it was left. Bad values fall back to defaults.
const text = z.string().max(200).optional().catch(undefined);
const listSearch = z.object({ sort: modelSortSchema.optional().catch(undefined), filter: text });
const postSearch = z.object({
  kind: kindFilterSchema.optional().catch(undefined),
  sort: mediaSortSchema.optional().catch(undefined),
  filter: text,
  item: z.string().max(1024).optional().catch(undefined),
});
const searchSearch = z.object({ q: z.string().max(200).catch('') });

const root = createRootRoute({ component: Shell });
const models = createRoute({ getParentRoute: () => root, path: '/', validateSearch: listSearch, component: ModelsPage });
const model = createRoute({ getParentRoute: () => root, path: '/models/$model', validateSearch: listSearch, component: ModelPage });
const post = createRoute({ getParentRoute: () => root, path: '/models/$model/$post', validateSearch: postSearch, component: PostPage });
const shared = createRoute({ getParentRoute: () => root, path: '/shared', component: SharedPage });
const search = createRoute({ getParentRoute: () => root, path: '/search', validateSearch: searchSearch, component: SearchPage });

const routeTree = root.addChildren([models, model, post, shared, search]);

export function createAppRouter(history: RouterHistory = createHashHistory()) {
  return createRouter({ routeTree, history, defaultNotFoundComponent: () => null });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
