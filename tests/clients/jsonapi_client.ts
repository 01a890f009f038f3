// A client of the kitchen-sink bake (TaskBoard and Task, JSON:API among four representations,
// token sign-in) over the types that openapi-typescript generated from its OpenAPI document into
// schema.d.ts, with openapi-fetch.  tsc --strict checks every path, parameter, body and answer
// below against the document; run with the API's root (http://127.0.0.1:PORT) and an account's
// e-mail address and password, it signs in, creates a board and a task in JSON:API, updates the
// task, reads the first page of tasks and a missing task, and prints what each answer was.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const JSONAPI = "application/vnd.api+json";
const [baseUrl, email, password] = process.argv.slice(2);
if (baseUrl === undefined || email === undefined || password === undefined) {
  throw new Error("usage: node jsonapi_client.js http://127.0.0.1:PORT EMAIL PASSWORD");
}

const signIn = await createClient<paths>({ baseUrl }).POST("/api/auth/token", { body: { email, password } });
if (signIn.data === undefined) {
  throw new Error(`signing in: ${signIn.response.status}`);
}
const client = createClient<paths, typeof JSONAPI>({
  baseUrl,
  headers: { Accept: JSONAPI, "Content-Type": JSONAPI, Authorization: `Bearer ${signIn.data.access_token}` },
});

const board = await client.POST("/api/taskboard/", {
  body: { data: { type: "taskboard", attributes: { name: "From TypeScript" } } },
});
if (board.data === undefined) {
  throw new Error(`creating a board: ${board.response.status}`);
}
const boardId = Number(board.data.data.id);
const task = await client.POST("/api/taskboard/{id}/addtask/", {
  params: { path: { id: boardId } },
  body: { data: { type: "task", attributes: { summary: "Compile it", status: "open", estimate: "2.50" } } },
});
if (task.data === undefined) {
  throw new Error(`adding a task: ${task.response.status}`);
}
const taskId: string = task.data.data.id;
const updated = await client.PATCH("/api/task/{id}/", {
  params: { path: { id: Number(taskId) } },
  body: { data: { type: "task", attributes: { done: true, status: "closed" } } },
});
if (updated.data === undefined) {
  throw new Error(`updating the task: ${updated.response.status}`);
}
// A JSON:API request spells a list's filters and pagination in JSON:API's families.
const page = await client.GET("/api/task/", {
  params: { query: { "filter[task_board_id]": boardId, "page[size]": 1 } },
});
if (page.data === undefined) {
  throw new Error(`listing tasks: ${page.response.status}`);
}
const missing = await client.GET("/api/task/{id}/", { params: { path: { id: 2147483647 } } });
if (missing.error === undefined) {
  throw new Error(`reading a missing task: ${missing.response.status}`);
}
const [firstError] = missing.error.errors;

console.log(
  JSON.stringify({
    signIn: [signIn.response.status, signIn.data.token_type],
    board: [board.response.status, board.data.data.type],
    task: [task.response.status, taskId],
    update: [updated.response.status, updated.data.data.id],
    list: [page.response.status, page.data.data.length],
    missing: [missing.response.status, firstError?.status, firstError?.detail],
  }),
);
