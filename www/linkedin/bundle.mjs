// /static/bundle.js: the web client as one script of AMD modules, the way
// the real site ships it. The GraphQL query ids of the current deployment
// are modules of their own, named after their *.graphql files
// (define("voyager-web/graphql/profile-contact-info-finder.graphql", …)),
// which is where public scrapers regex them out.
import { readFileSync } from 'node:fs';

const APP = new URL('./static/app/', import.meta.url);
// loader first (it defines define), app last (it boots the page).
const MODULES = [
  'loader.js', 'dom.js', 'restli.js', 'tracking.js', 'voyager-client.js', 'normalized.js',
  'contact-info.js', 'profile.js', 'feed.js', 'connections.js', 'sales.js', 'app.js',
];

function queryModule(query) {
  return (
    `define("voyager-web/graphql/${query.file}.graphql", [], function () {\n` +
    `  return { id: "${query.id}", kind: "query", name: "${query.name}" };\n` +
    '});\n'
  );
}

/** The bundle text for a deployment (built once per server). */
export function buildBundle(deployment) {
  const source = (file) => readFileSync(new URL(file, APP), 'utf8');
  const [loader, ...app] = MODULES.map(source);
  return [loader, ...deployment.all().map(queryModule), ...app].join('\n');
}
