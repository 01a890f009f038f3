// A client of the default bake (TaskBoard and Task, Siren, no sign-in) over the types that
// openapi-typescript generated from its OpenAPI document into schema.d.ts, with openapi-fetch.
// tsc --strict checks every path, parameter, body and answer below against the document;
// run with the API's root (http://127.0.0.1:PORT), it creates a board and a task, updates the
// task, reads the first page of tasks and a missing task, and prints what each answer was.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const SIREN = "application/vnd.siren+json";
const [baseUrl] = process.argv.slice(2);
if (baseUrl === undefined) {
  throw new Error("usage: node siren_client.js http://127.0.0.1:PORT");
}
const client = createClient<paths, typeof SIREN>({ baseUrl, headers: { Accept: SIREN } });

const board = await client.POST("/api/taskboard/", { body: { title: "From TypeScript" } });
if (board.data === undefined) {
  throw new Error(`creating a board: ${board.response.status}`);
}
const task = await client.POST("/api/taskboard/{id}/addtask/", {
  params: { path: { id: board.data.properties.id } },
  body: { title: "Compile it", description: "with tsc --strict" },
});
if (task.data === undefined) {
  throw new Error(`adding a task: ${task.response.status}`);
}
const taskId: number = task.data.properties.id;
const updated = await client.PATCH("/api/task/{id}/", { params: { path: { id: taskId } }, body: { completed: true } });
if (updated.data === undefined || updated.data.properties.completed !== true) {
  throw new Error(`updating the task: ${updated.response.status}`);
}
const page = await client.GET("/api/task/", { params: { query: { task_board_id: board.data.properties.id, count: 1 } } });
if (page.data === undefined) {
  throw new Error(`listing tasks: ${page.response.status}`);
}
const missing = await client.GET("/api/task/{id}/", { params: { path: { id: 2147483647 } } });
if (missing.error === undefined) {
  throw new Error(`reading a missing task: ${missing.response.status}`);
}
const missingStatus: number = missing.error.properties.status;

console.log(
  JSON.stringify({
    board: [board.response.status, board.data.properties.title],
    task: [task.response.status, taskId],
    update: [updated.response.status, updated.data.properties.completed],
    list: [page.response.status, page.data.properties.count],
    missing: [missing.response.status, missingStatus, missing.error.properties.message],
  }),
);
