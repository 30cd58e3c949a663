// What Next.js does around a Route Handler: load the route module, pick the handler for the method
// (405 without one, OPTIONS answered with Allow, HEAD from GET), build the NextRequest, run it with
// cookies() bound to the request, merge the cookies it set, and turn an exception into a 500.
(() => {
  const tutor = globalThis.__tutor;
  // The runtime's own `__tutor*` hooks cannot be replaced by the learner's code; the globals can, as in Node.
  const define = (name, value) => {
    const replaceable = !name.startsWith('__');
    Object.defineProperty(globalThis, name, { value, writable: replaceable, configurable: replaceable, enumerable: false });
  };
  const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'];

  define('__tutorLoadRoute', (file) => import(file));

  // Promises rejected with no handler during a request, reported after it as Node's log shows them.
  const unhandled = new Map();
  define('__tutorRejection', (promise, reason, handled) => {
    if (handled) unhandled.delete(promise);
    else unhandled.set(promise, reason);
  });
  const reportRejections = () => {
    for (const reason of unhandled.values()) console.error(`⨯ unhandledRejection: ${__tutorFormatError(reason)}`);
    unhandled.clear();
  };

  // Next.js 16 puts this Vary first on every Route Handler answer (measured on `next start`).
  const VARY = ['vary', 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch'];
  const answer = (status, headers = [], body = '', error = null) => ({ status, headers: [VARY, ...headers], body, error });
  // Next.js copies the headers onto the Node response in Fetch iteration order: sorted, set-cookie kept apart.
  const responseHeaders = (headers) => [...headers].filter(([name]) => name !== 'x-middleware-set-cookie');

  define('__tutorDispatch', async (file, paramsJson, method, url, rawHeaders, body) => {
    unhandled.clear();
    try {
      return await dispatch(file, paramsJson, method, url, rawHeaders, body);
    } finally {
      reportRejections();
    }
  });

  async function dispatch(file, paramsJson, method, url, rawHeaders, body) {
    let route;
    try {
      route = await import(file);
    } catch (error) {
      return answer(500, [], '', __tutorFormatError(error));
    }
    const handlers = {};
    for (const name of HTTP_METHODS) if (typeof route[name] === 'function') handlers[name] = route[name];
    if (!HTTP_METHODS.includes(method)) return answer(400);
    if (!handlers.OPTIONS) {
      const allowed = new Set(['OPTIONS', ...HTTP_METHODS.filter((name) => handlers[name])]);
      if (handlers.GET) allowed.add('HEAD');
      const allow = Array.from(allowed).sort().join(', ');
      handlers.OPTIONS = () => new Response(null, { status: 204, headers: { Allow: allow } });
    }
    const head = method === 'HEAD';
    const handler = handlers[method] || (head ? handlers.GET : undefined);
    if (!handler) return answer(405);

    let request;
    try {
      request = new tutor.NextRequest(url, {
        method: head ? 'HEAD' : method,
        headers: rawHeaders,
        body: method === 'GET' || head || body === '' ? undefined : body,
      });
    } catch (error) {
      return answer(400, [], '', __tutorFormatError(error));
    }
    tutor.beginRequest(request);
    let response;
    let failure = null;
    try {
      response = await handler(request, { params: Promise.resolve(JSON.parse(paramsJson)) });
      if (!(response instanceof Response)) {
        const received =
          response === null ? 'null' : typeof response === 'object' ? (response.constructor && response.constructor.name) || 'Object' : typeof response;
        throw new Error(
          `No response is returned from route handler '[project]/${file}'. Expected a Response object but received '${received}' (method: ${method}, url: ${request.nextUrl.pathname}${request.nextUrl.search}). Ensure you return a \`Response\` or a \`NextResponse\` in all branches of your handler.`,
        );
      }
    } catch (error) {
      failure = error;
    }
    const ending = tutor.endRequest();
    if (failure !== null) return answer(500, [], '', __tutorFormatError(failure));
    const headers = tutor.mergeCookies(ending, response.headers);
    const text = head ? '' : tutor.bodyText(response._rawBody());
    return answer(response.status, responseHeaders(headers), text);
  }
})();
