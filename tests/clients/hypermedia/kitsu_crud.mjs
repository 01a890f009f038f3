// kitsu 11.1.0, a JSON:API client, used on a served bake as its README shows: resources by type
// and id under the API's prefix (`taskboard/1`), JSON:API bodies written and read by kitsu. It
// creates a parent, reads it, creates a child with a relationship to the parent in its body (JSON:API's
// own way), reads the parent again with `include` of its children (kitsu sends ?include=...) and
// expects their attributes, follows the parent's relationship to its children's list (its
// links.related, through kitsu's request()), creates a second child with a POST to that list,
// updates the first, deletes it and reads it again, which must be a 404.
//
// Run: node kitsu_crud.mjs PLAN, PLAN being JSON: {base (the API's root with its prefix, no
// trailing slash), token, parent: {type, fields}, child: {type, fields, more, update, relationship,
// parentRel}}. The last line printed is JSON: {client, format, steps: [...]} as ketting_walk.mjs
// prints it, every request recorded with its answer as the server sent it (before kitsu
// deserialises it) and where a redirect took it.
//
// kitsu is configured for this API's names, not changed: no pluralising (`/taskboard`, not
// `/taskboards`), types and paths as they are. The token goes in kitsu's `headers` option, as its
// README shows.
import Kitsu from "kitsu";

import { Walk, expect, relatedHref } from "./steps.mjs";

const plan = JSON.parse(process.argv[2]);
const { parent: parentPlan, child: childPlan } = plan;

const api = new Kitsu({
  baseURL: plan.base,
  headers: { Authorization: `Bearer ${plan.token}` },
  pluralize: false,
  camelCaseTypes: false,
  resourceCase: "none",
});

// Every request and its answer, recorded into the step that made it (axios interceptors, which
// kitsu exposes as api.interceptors).
const walk = new Walk("kitsu", (error) => {
  const status = error.response?.status;
  const details = error.errors ? ` ${JSON.stringify(error.errors)}` : "";
  return { error: `${error.constructor.name}: ${error.message}${details}`, ...(status !== undefined ? { status } : {}) };
});
const { context } = walk;
const note = (message) => walk.note(message);
const step = (name, needs, body) => walk.step(name, needs, body);

function recordAnswer(response) {
  const request = response.config;
  const finalUrl = response.request?.res?.responseUrl;
  const url = api.axios.getUri(request);
  walk.requests.push({
    method: request.method.toUpperCase(),
    url,
    ...(finalUrl && finalUrl !== url ? { redirectedTo: finalUrl } : {}),
    sent: typeof request.data === "string" ? request.data : undefined,
    status: response.status,
    contentType: response.headers["content-type"],
    body: typeof response.data === "string" ? response.data : JSON.stringify(response.data),
  });
}
api.interceptors.response.use(
  (response) => {
    recordAnswer(response);
    return response;
  },
  (error) => {
    if (error.response) recordAnswer(error.response);
    return Promise.reject(error);
  },
);

// The first request of the step that answered with a body: its parsed JSON, as the server sent it.
function answered(index = 0) {
  return JSON.parse(walk.requests[index].body);
}

await step("create parent", [], async () => {
  const created = await api.post(parentPlan.type, parentPlan.fields);
  expect(created.status === 201, `creating the parent answered ${created.status}, not 201`);
  context.parentId = created.data.id;
  return { id: created.data.id, status: created.status };
});

await step("read parent", ["parentId"], async () => {
  const read = await api.get(`${parentPlan.type}/${context.parentId}`);
  for (const [field, value] of Object.entries(parentPlan.fields)) {
    expect(read.data[field] === value, `the parent's ${field} reads back as ${JSON.stringify(read.data[field])}`);
  }
  return { relationships: Object.keys(answered().data.relationships ?? {}) };
});

await step("create child", ["parentId"], async () => {
  const created = await api.post(childPlan.type, {
    ...childPlan.fields,
    [childPlan.parentRel]: { data: { type: parentPlan.type, id: context.parentId } },
  });
  expect(created.status === 201, `creating the child answered ${created.status}, not 201`);
  const parent = created.data[childPlan.parentRel]?.data;
  expect(
    parent?.id === context.parentId,
    `the new child's ${childPlan.parentRel} is ${JSON.stringify(parent)}, not the parent ${context.parentId}`,
  );
  context.childId = created.data.id;
  return { id: created.data.id };
});

await step("read parent with include", ["parentId", "childId"], async () => {
  const read = await api.get(`${parentPlan.type}/${context.parentId}`, {
    params: { include: childPlan.relationship },
  });
  const document = answered();
  const included = document.included ?? [];
  expect(
    included.some((resource) => resource.type === childPlan.type && resource.id === context.childId),
    `?include=${childPlan.relationship} answered ${walk.requests[0].status} with ` +
      `${document.included === undefined ? "no included member" : `included ${JSON.stringify(included)}`}`,
  );
  const children = read.data[childPlan.relationship]?.data ?? [];
  const child = children.find((resource) => resource.id === context.childId);
  for (const [field, value] of Object.entries(childPlan.fields)) {
    expect(child?.[field] === value, `the included child's ${field} is ${JSON.stringify(child?.[field])}`);
  }
  return { included: included.map((resource) => `${resource.type}/${resource.id}`) };
});

await step("children", ["parentId"], async () => {
  await api.get(`${parentPlan.type}/${context.parentId}`);
  const relationships = answered().data.relationships ?? {};
  const href = relatedHref(relationships[childPlan.relationship]);
  if (!href) {
    // The step fails; the later steps go on with another relationship's related link if there is one.
    const other = Object.entries(relationships).find(([, relationship]) => relatedHref(relationship));
    if (other) {
      context.childrenUrl = relatedHref(other[1]);
      note(`the later steps use relationships.${other[0]}.links.related: ${context.childrenUrl}`);
    }
  }
  expect(
    href,
    `the parent's ${childPlan.relationship} relationship has no links.related ` +
      `(relationships: ${JSON.stringify(relationships)})`,
  );
  context.childrenUrl = href;
  const list = await api.request({ url: href });
  const ids = list.data.map((resource) => resource.id);
  expect(ids.includes(context.childId), `the children's list ${href} holds ${ids.join(", ") || "nothing"}`);
  return { url: href, ids };
});

await step("create child in list", ["childrenUrl"], async () => {
  const created = await api.request({
    method: "POST",
    url: context.childrenUrl,
    type: childPlan.type,
    body: childPlan.more,
  });
  expect(created.status === 201, `POST to the children's list answered ${created.status}, not 201`);
  const parent = created.data[childPlan.parentRel]?.data;
  expect(
    parent?.id === context.parentId,
    `the child made in the list has ${childPlan.parentRel} ${JSON.stringify(parent)}, not ${context.parentId}`,
  );
  return { id: created.data.id };
});

await step("update child", ["childId"], async () => {
  const updated = await api.patch(childPlan.type, { id: context.childId, ...childPlan.update });
  expect(updated.status === 200, `the update answered ${updated.status}, not 200`);
  const read = await api.get(`${childPlan.type}/${context.childId}`);
  for (const [field, value] of Object.entries(childPlan.update)) {
    expect(read.data[field] === value, `after the update, ${field} reads back as ${JSON.stringify(read.data[field])}`);
  }
  return {};
});

await step("delete child", ["childId"], async () => {
  const deleted = await api.delete(childPlan.type, context.childId);
  context.deleted = true;
  return { status: deleted.status };
});

await step("read deleted child", ["childId", "deleted"], async () => {
  let status;
  try {
    status = (await api.get(`${childPlan.type}/${context.childId}`)).status;
  } catch (error) {
    if (error.response === undefined) throw error;
    status = error.response.status;
    expect(error.errors?.length, `the 404 has no JSON:API errors member: ${walk.requests.at(-1)?.body}`);
  }
  expect(status === 404, `reading the deleted child answered ${status}, not 404`);
  return { status };
});

console.log(JSON.stringify({ client: "kitsu 11.1.0", format: "jsonapi", steps: walk.steps }));
