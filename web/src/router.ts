/** Hash routes (#/queue, #/requests/<id>, #/whitelist, #/history, #/sessions/<id>, #/insights, #/settings). */
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'queue'; id?: string }
  | { page: 'whitelist' }
  | { page: 'history' }
  | { page: 'session'; session: string }
  | { page: 'insights' }
  | { page: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodePart);
  switch (parts[0]) {
    case 'requests':
      return parts[1] ? { page: 'queue', id: parts[1] } : { page: 'queue' };
    case 'whitelist':
      return { page: 'whitelist' };
    case 'history':
      return { page: 'history' };
    case 'sessions':
      return parts[1] ? { page: 'session', session: parts[1] } : { page: 'history' };
    case 'insights':
      return { page: 'insights' };
    case 'settings':
      return { page: 'settings' };
    default:
      return { page: 'queue' };
  }
}

/** A malformed escape in a hand-typed or pasted address is kept as written, not a crash. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case 'queue':
      return route.id ? `#/requests/${route.id}` : '#/queue';
    case 'session':
      return `#/sessions/${encodeURIComponent(route.session)}`;
    default:
      return `#/${route.page}`;
  }
}

export function navigate(route: Route, replace = false): void {
  const target = href(route);
  if (replace) history.replaceState(null, '', target);
  else if (location.hash !== target) location.hash = target;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
