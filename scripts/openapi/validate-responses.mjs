// Checks answers recorded by the API tests (JSON lines: method, path, status, content_type, body)
// against docs/openapi.yaml: the path and method are described, the status is one of the
// operation's responses, the content type is the documented one, and a JSON body conforms to its
// schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it).
//   node validate-responses.mjs docs/openapi.yaml answers.jsonl
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const [specFile, answersFile] = process.argv.slice(2);
const spec = YAML.parse(readFileSync(specFile, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'spec', components: spec.components });

const deref = (o) => (o && o.$ref ? o.$ref.slice(2).split('/').reduce((a, k) => a[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec) : o);
// Rewrites local refs so a schema compiled on its own still finds the components.
const rebase = (s) => JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"spec#/components/'));

const templates = Object.keys(spec.paths).map((p) => ({
  path: p,
  regex: new RegExp('^' + p.replace(/[$.]/g, (c) => '\\' + c).replace(/\{[^}]+\}/g, '[^/]+') + '$'),
  literal: !p.includes('{'),
}));
function findPath(path) {
  const normal = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return (templates.find((t) => t.literal && t.regex.test(normal)) || templates.find((t) => t.regex.test(normal)))?.path;
}

const problems = [];
const lines = readFileSync(answersFile, 'utf8').split('\n').filter(Boolean);
for (const [i, line] of lines.entries()) {
  const a = JSON.parse(line);
  const where = `answer ${i + 1}: ${a.method.toUpperCase()} ${a.path} → ${a.status}`;
  const template = findPath(a.path);
  if (!template) { problems.push(`${where}: the path is not in the OpenAPI document`); continue; }
  const op = spec.paths[template][a.method];
  if (!op) { problems.push(`${where}: the method is not described for ${template}`); continue; }
  const response = deref(op.responses[String(a.status)] ?? op.responses.default);
  if (!response) { problems.push(`${where}: status ${a.status} is not described`); continue; }
  const content = response.content ?? {};
  const type = (a.content_type || '').split(';')[0].trim();
  if (!content[type]) { problems.push(`${where}: content type ${type} is not described (${Object.keys(content)})`); continue; }
  const schema = content[type].schema;
  if (!schema) continue;
  let value = a.body;
  if (type === 'application/json') {
    try { value = JSON.parse(a.body); } catch { problems.push(`${where}: the body is not JSON`); continue; }
  }
  const validate = ajv.compile(rebase(schema));
  if (!validate(value)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
}
if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log(`${lines.length} answers conform to ${specFile}`);
