import type { Server } from 'restify';
import { getAndHead, route, type Handler } from '../http/restifyServer';
import { registerCaseRoutes } from './caseRoutes';
import { helpdeskContext, type HelpdeskDependencies } from './helpdeskContext';
import { registerNoticeRoutes } from './noticeRoutes';
import { registerSignInRoutes } from './signInRoutes';

export type { HelpdeskDependencies } from './helpdeskContext';
export { HELPDESK_CSP } from './pageResponses';
export { signInLinkUrl } from './signInRoutes';

/**
 * The service-desk view at /helpdesk: sign-in and sign-out (signInRoutes.ts), the case list with its
 * CSV and one case (caseRoutes.ts), the bot's notices (noticeRoutes.ts), over the shared sessions and sign-in guard (helpdeskContext.ts).
 */
export function registerHelpdesk(server: Server, deps: HelpdeskDependencies): void {
  const routes = {
    server,
    get: (path: string, handler: Handler) => getAndHead(server, path, handler),
    post: (path: string, handler: Handler) => void server.post(path, route(handler)),
  };
  const ctx = helpdeskContext(deps);
  registerCaseRoutes(routes, ctx);
  registerNoticeRoutes(routes, ctx);
  registerSignInRoutes(routes, ctx);
}
