// halfred 2.0.0, a HAL parser, with its validation on, over HAL documents of a served bake: the
// ones a HAL walk met (given), and what it fetches itself as a HAL client: the index, a page of
// each list the index links to, `pageSize` rows long (and that list's next page), the first row of each
// list read as an item, a missing item (a 404) and a create with an empty body (a 400).
//
// Run: node halfred_check.mjs PLAN, PLAN being JSON: {index, token, pageSize (the lists' `count`),
// missing (an item's URL that does not exist), documents: [{source, status, contentType, body}]}. The last line printed is JSON:
// {documents: [{source, status, issues: [{path, message}]}]}, where `issues` holds the validation
// issues of the document and of every resource embedded in it, at any depth.
import halfred from "halfred";

const HAL = "application/hal+json";
const plan = JSON.parse(process.argv[2]);
halfred.enableValidation();

const headers = { Accept: HAL, Authorization: `Bearer ${plan.token}` };
const documents = [...plan.documents];

async function fetchHal(source, url, init = {}) {
  const response = await fetch(url, { ...init, headers: { ...headers, ...init.headers } });
  const body = await response.text();
  documents.push({ source, status: response.status, contentType: response.headers.get("Content-Type"), body });
  return JSON.parse(body);
}

// halfred gathers an embedded resource's issues on that resource, not on the document.
function issuesOf(resource, path = "$") {
  const issues = resource.validationIssues().map((issue) => ({ ...issue, path: issue.path.replace(/^\$/, path) }));
  for (const [rel, embedded] of Object.entries(resource.allEmbeddedResourceArrays() ?? {})) {
    embedded.forEach((inner, index) => issues.push(...issuesOf(inner, `${path}._embedded.${rel}[${index}]`)));
  }
  return issues;
}

const index = await fetchHal(`GET ${plan.index}`, plan.index);
for (const [rel, link] of Object.entries(index._links ?? {})) {
  if (rel === "self" || Array.isArray(link)) continue;
  const url = new URL(link.href);
  url.searchParams.set("count", String(plan.pageSize));
  const page = await fetchHal(`GET ${url} (the index's ${rel} list)`, url.href);
  const next = page._links?.next?.href;
  if (next) await fetchHal(`GET ${next} (its next page)`, next);
  for (const rows of Object.values(page._embedded ?? {})) {
    const first = Array.isArray(rows) ? rows[0] : rows;
    const self = first?._links?.self?.href;
    if (self) await fetchHal(`GET ${self} (a row of ${rel})`, self);
  }
}
await fetchHal(`GET ${plan.missing} (missing)`, plan.missing);
const firstList = Object.entries(index._links ?? {}).find(([rel]) => rel !== "self");
if (firstList) {
  const url = firstList[1].href;
  await fetchHal(`POST ${url} with {} (invalid)`, url, {
    method: "POST",
    body: "{}",
    headers: { "Content-Type": "application/json" },
  });
}

const results = documents.map(({ source, status, contentType, body }) => {
  let issues;
  try {
    issues = issuesOf(halfred.parse(JSON.parse(body)));
  } catch (error) {
    issues = [{ path: "$", message: `halfred could not parse it: ${error.message}` }];
  }
  return { source, status, contentType, issues, body: body.slice(0, 300) };
});
console.log(JSON.stringify({ client: "halfred 2.0.0", documents: results }));
