// What ketting_walk.mjs and kitsu_crud.mjs share: a walk of steps run in order, each recording the
// requests it made with what the API answered, and failing on an answer that links to a URL no
// client could send.
//
// A script records each request into `walk.requests` (its client's middleware), runs each step with
// `walk.step(name, needs, body)`, keeps what later steps need in `walk.context`, and prints
// `walk.steps`. `errorText(error)` says what a failed step's error was, as the client reports it.

export class Check extends Error {}

export function expect(condition, message) {
  if (!condition) throw new Check(message);
}

// A URL a client can send as it is: no URI template, no placeholder such as <id>, encoded or not.
export function unusable(url) {
  return /[{}<>]|%7B|%7D|%3C|%3E/i.test(url);
}

// Every URL in a JSON answer (any string starting with http).
export function urlsIn(value, found = []) {
  if (typeof value === "string") {
    if (/^https?:\/\//.test(value)) found.push(value);
  } else if (Array.isArray(value)) {
    value.forEach((item) => urlsIn(item, found));
  } else if (value && typeof value === "object") {
    Object.values(value).forEach((item) => urlsIn(item, found));
  }
  return found;
}

// A JSON:API relationship's related link (a string or a link object), if it has one.
export function relatedHref(relationship) {
  const related = relationship?.links?.related;
  return typeof related === "object" && related !== null ? related.href : related;
}

export class Walk {
  constructor(clientName, errorText) {
    this.clientName = clientName;
    this.errorText = errorText;
    this.steps = [];
    this.context = {};
    this.requests = [];
    this.notes = [];
  }

  // Say, in the step's record, something the reader of a failure should know (a fallback taken).
  note(message) {
    this.notes.push(message);
  }

  // Run one step: `needs` are the context entries earlier steps leave; without them the step is not run.
  async step(name, needs, body) {
    const missing = needs.filter((key) => this.context[key] === undefined);
    if (missing.length) {
      const skipped = `not run: needs ${missing.join(", ")} from an earlier step`;
      this.steps.push({ step: name, ok: false, skipped });
      return;
    }
    this.requests = [];
    this.notes = [];
    const record = { step: name, ok: false };
    try {
      record.found = (await body()) ?? {};
      for (const request of this.requests) {
        expect(!unusable(request.url), `${this.clientName} was sent to ${request.url}, which is no usable URL`);
        let answer;
        try {
          answer = JSON.parse(request.body);
        } catch {
          continue;
        }
        const bad = urlsIn(answer).filter(unusable);
        expect(bad.length === 0, `the answer to ${request.method} ${request.url} links to ${bad.join(", ")}`);
      }
      record.ok = true;
    } catch (error) {
      Object.assign(record, this.errorText(error));
    }
    record.requests = this.requests;
    if (this.notes.length) record.notes = this.notes;
    this.steps.push(record);
  }
}
