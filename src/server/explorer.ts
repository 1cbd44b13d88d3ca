import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';

/** Where the explorer's files are served; the page itself is GET /graphql from a browser. */
const ASSETS = '/explorer';

/**
 * The page's own policy: only this origin's scripts and styles, no inline ones (GraphiQL's fonts and icons
 * are data: URLs inside its style sheet). Unlike the API's default it omits upgrade-insecure-requests: the
 * page loads only relative URLs, so on https it changes nothing, and on a plain-http intranet it would send
 * the page's own scripts to an https port that does not exist.
 */
const pagePolicy = helmet.contentSecurityPolicy({
  useDefaults: true,
  directives: {
    'style-src': ["'self'"],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'upgrade-insecure-requests': null,
  },
});

/**
 * Starts GraphiQL once its scripts are loaded. A served file, not an inline script, so the policy above
 * needs no nonce. The endpoint is this page's own path; tokens go in the headers editor and are not stored.
 */
const START_SCRIPT = `'use strict';
(function () {
  var container = document.getElementById('graphiql');
  document.body.style.margin = '0';
  container.style.height = '100vh';
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var defaultQuery = [
    '# Log in, copy the token from the answer, then open Headers below and paste:',
    '#   {"authorization": "Bearer <the token>"}',
    'mutation Login {',
    '  login(username: "", password: "") {',
    '    token',
    '  }',
    '}',
    '',
  ].join('\\n');
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, shouldPersistHeaders: false }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Grid governance API explorer</title>
    <link rel="stylesheet" href="${ASSETS}/graphiql/style.css" />
  </head>
  <body>
    <div id="graphiql">Loading the explorer…</div>
    <script src="${ASSETS}/react/react.production.min.js"></script>
    <script src="${ASSETS}/react-dom/react-dom.production.min.js"></script>
    <script src="${ASSETS}/graphiql/index.umd.js"></script>
    <script src="${ASSETS}/start.js"></script>
  </body>
</html>
`;

/** A directory inside an installed package, found the way Node finds the package itself. */
function packageDirectory(name: string, inside: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), inside);
}

/** A browser asking for a page (not a GET query, not a client that prefers JSON). */
function wantsPage(req: Request): boolean {
  if (req.method !== 'GET' || req.query.query !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * GraphiQL served from the installed npm packages (graphiql's UMD build on React 18's): no file comes from
 * another host, so the explorer works on an intranet without internet access.
 */
export function mountExplorer(app: Express): void {
  const cached = { maxAge: '1d' };
  app.use(`${ASSETS}/graphiql`, pagePolicy, express.static(packageDirectory('graphiql', 'dist'), cached));
  app.use(`${ASSETS}/react`, pagePolicy, express.static(packageDirectory('react', 'umd'), cached));
  app.use(`${ASSETS}/react-dom`, pagePolicy, express.static(packageDirectory('react-dom', 'umd'), cached));
  app.get(`${ASSETS}/start.js`, pagePolicy, (_req: Request, res: Response) => {
    res.type('text/javascript').send(START_SCRIPT);
  });
  app.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    res.vary('accept');
    if (!wantsPage(req)) return next();
    pagePolicy(req, res, () => {
      res.type('html').set('cache-control', 'no-store').send(PAGE);
    });
  });
}
