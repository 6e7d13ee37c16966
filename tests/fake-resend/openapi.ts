/**
 * Resend's public OpenAPI spec (openapi/resend.yaml, vendored unchanged; see
 * openapi/README.md) as the judge of every request the fake receives: the path and
 * method must exist, every query and header parameter must be declared and valid, and
 * the JSON body must match the operation's schema with no field the spec does not name.
 *
 * Request bodies are checked closed-world: an object schema that lists `properties` and
 * says nothing about others is read as `additionalProperties: false`, so a misspelt or
 * invented field fails the test that sent it instead of being ignored the way a lenient
 * server might. Members of `allOf`/`oneOf`/`anyOf` stay open, since closing one would
 * reject its siblings' fields.
 *
 * Where the SDK and the spec disagree, SPEC_DEVIATIONS below says what the fake accepts
 * and why; nothing else is relaxed.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { parse } from "yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonObject;
}

/** One operation of the spec, ready to check requests. */
interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  pathNames: string[];
  parameters: Parameter[];
  body: ValidateFunction | null;
  /** The spec marks the request body required. */
  bodyRequired: boolean;
  paramValidators: Map<string, ValidateFunction>;
}

/** A request as the fake received it. */
export interface SpecRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
}

/** The outcome: the matched operation (as "POST /broadcasts/{id}/send") and what is wrong. */
export interface SpecCheck {
  operation: string | null;
  /** "unknown-path" and "unknown-method" are the fake's routing answers; "invalid" a 422. */
  kind: "ok" | "unknown-path" | "unknown-method" | "invalid";
  problems: string[];
  /** For unknown-method: the methods the path has. */
  allowed?: string[];
}

/** Headers every HTTP client sends; only parameters beyond these must be declared. */
const TRANSPORT_HEADERS = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "authorization",
  // Cloudflare adds it to every subrequest a Worker makes (the Worker's zone); workerd too.
  "cf-worker",
  "connection",
  "content-length",
  "content-type",
  "host",
  "keep-alive",
  "sec-fetch-mode",
  "transfer-encoding",
  "user-agent",
]);

/**
 * Where the fake knowingly accepts more than the spec. Each entry patches the loaded
 * spec, never the vendored file.
 */
export const SPEC_DEVIATIONS: Array<{ where: string; why: string; patch: (spec: JsonObject) => void }> = [
  {
    where: "POST /contacts: segments",
    why:
      "The SDK (resend v6, CreateContactOptions) sends `segments: [{ id }]`; the spec lists segment ids as strings. " +
      "The SDK is what our code calls, and Resend's API accepts its own SDK's shape, so both are accepted.",
    patch(spec) {
      const schema = componentSchema(spec, "CreateContactOptions");
      const properties = schema.properties as JsonObject;
      properties.segments = {
        type: "array",
        items: {
          oneOf: [
            { type: "string" },
            { type: "object", required: ["id"], properties: { id: { type: "string" } }, additionalProperties: false },
          ],
        },
      };
    },
  },
  {
    where: "GET /segments/{id}/contacts",
    why:
      "The SDK's contacts.list({ segmentId }) asks this path; the spec documents the same list as " +
      "GET /contacts?segment_id=. Rundbrief itself lists no contacts; the fake answers both.",
    patch(spec) {
      const paths = spec.paths as JsonObject;
      paths["/segments/{id}/contacts"] = {
        get: {
          operationId: "segments/list-contacts (SDK)",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { $ref: "#/components/parameters/PaginationLimit" },
            { $ref: "#/components/parameters/PaginationAfter" },
            { $ref: "#/components/parameters/PaginationBefore" },
          ],
          responses: { "200": { description: "OK" } },
        },
      };
    },
  },
];

function componentSchema(spec: JsonObject, name: string): JsonObject {
  const schemas = (spec.components as JsonObject).schemas as JsonObject;
  const schema = schemas[name];
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) throw new Error(`OpenAPI: no schema ${name}`);
  return schema;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Replaces every `$ref` by a copy of what it points to (request schemas have no cycles). */
function dereference(spec: JsonObject, node: Json, trail: string[] = []): Json {
  if (Array.isArray(node)) return node.map((item) => dereference(spec, item, trail));
  if (!isObject(node)) return node;
  const ref = node.$ref;
  if (typeof ref === "string") {
    if (!ref.startsWith("#/")) throw new Error(`OpenAPI: external $ref ${ref}`);
    if (trail.includes(ref)) throw new Error(`OpenAPI: cyclic $ref ${ref}`);
    let target: Json = spec;
    for (const part of ref.slice(2).split("/")) target = isObject(target) ? (target[part] ?? null) : null;
    if (target === null) throw new Error(`OpenAPI: unresolved $ref ${ref}`);
    const siblings = Object.fromEntries(Object.entries(node).filter(([key]) => key !== "$ref"));
    const resolved = dereference(spec, target, [...trail, ref]);
    return isObject(resolved) ? { ...resolved, ...siblings } : resolved;
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, dereference(spec, value, trail)]));
}

/** Closes object schemas that list properties; see the module comment. */
function closeObjects(schema: Json, composed = false): void {
  if (!isObject(schema)) return;
  if (!composed && isObject(schema.properties) && !("additionalProperties" in schema) && !("unevaluatedProperties" in schema)) {
    schema.additionalProperties = false;
  }
  if (isObject(schema.properties)) for (const value of Object.values(schema.properties)) closeObjects(value);
  if (isObject(schema.items)) closeObjects(schema.items);
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    const members = schema[key];
    if (Array.isArray(members)) for (const member of members) closeObjects(member, true);
  }
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false });
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value));
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat("binary", () => true);
  return ajv;
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const at = `${where}${error.instancePath}`;
    if (error.keyword === "additionalProperties")
      return `${at}: field \`${String(error.params.additionalProperty)}\` is not in the spec`;
    return `${at}: ${error.message ?? error.keyword}`;
  });
}

/** A query or header value as the schema expects it (query strings carry text only). */
function coerce(value: string, schema: JsonObject | undefined): unknown {
  const type = schema?.type;
  if ((type === "integer" || type === "number") && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

/** The spec, loaded once per process. */
export class ResendSpec {
  readonly operations: Operation[] = [];
  readonly version: string;

  constructor(file = new URL("./openapi/resend.yaml", import.meta.url)) {
    const spec = parse(readFileSync(file, "utf8")) as JsonObject;
    for (const deviation of SPEC_DEVIATIONS) deviation.patch(spec);
    this.version = String((spec.info as JsonObject).version);
    const ajv = newAjv();
    for (const [template, item] of Object.entries(spec.paths as JsonObject)) {
      if (!isObject(item)) continue;
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      for (const [method, raw] of Object.entries(item)) {
        if (!["get", "post", "put", "patch", "delete"].includes(method) || !isObject(raw)) continue;
        const operation = dereference(spec, raw) as JsonObject;
        const parameters = [...(dereference(spec, shared) as Json[]), ...((operation.parameters as Json[] | undefined) ?? [])]
          .filter(isObject)
          .map((p) => p as unknown as Parameter);
        const pathNames: string[] = [];
        const pattern = new RegExp(
          `^${template
            .split("/")
            .map((segment) => {
              const name = /^\{(.+)\}$/.exec(segment)?.[1];
              if (!name) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
              pathNames.push(name);
              return "([^/]+)";
            })
            .join("/")}$`,
        );
        const content = (operation.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
        // JSON bodies, and multipart forms (POST /contacts/imports) checked as the object of their fields.
        const bodySchema = ((content?.["application/json"] ?? content?.["multipart/form-data"]) as JsonObject | undefined)
          ?.schema;
        let body: ValidateFunction | null = null;
        if (isObject(bodySchema)) {
          closeObjects(bodySchema);
          body = ajv.compile(bodySchema);
        }
        const paramValidators = new Map<string, ValidateFunction>();
        for (const parameter of parameters) {
          if (parameter.schema) paramValidators.set(`${parameter.in}:${parameter.name}`, ajv.compile(parameter.schema));
        }
        const bodyRequired = (operation.requestBody as JsonObject | undefined)?.required === true;
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern,
          pathNames,
          parameters,
          body,
          bodyRequired,
          paramValidators,
        });
      }
    }
  }

  /** Checks one request against the spec. */
  check(request: SpecRequest): SpecCheck {
    const onPath = this.operations
      .map((operation) => ({ operation, match: operation.pattern.exec(request.path) }))
      .filter((candidate) => candidate.match !== null)
      // A literal segment wins over a parameter: /contacts/imports before /contacts/{id}.
      .sort((a, b) => a.operation.pathNames.length - b.operation.pathNames.length);
    if (onPath.length === 0) {
      return { operation: null, kind: "unknown-path", problems: [`${request.method} ${request.path}: no such path in the spec`] };
    }
    const fewestParams = onPath[0]!.operation.pathNames.length;
    const sameShape = onPath.filter((candidate) => candidate.operation.pathNames.length === fewestParams);
    const hit = sameShape.find((candidate) => candidate.operation.method === request.method);
    if (!hit) {
      const allowed = [...new Set(sameShape.map((candidate) => candidate.operation.method))];
      return {
        operation: null,
        kind: "unknown-method",
        problems: [`${request.method} ${request.path}: the spec allows only ${allowed.join(", ")} here`],
        allowed,
      };
    }
    const { operation, match } = hit;
    const name = `${operation.method} ${operation.template}`;
    const problems: string[] = [];
    const validate = (where: string, key: string, value: unknown) => {
      const validator = operation.paramValidators.get(key);
      if (validator && !validator(value)) problems.push(...describeErrors(where, validator.errors));
    };

    operation.pathNames.forEach((param, index) => {
      const raw = match![index + 1] ?? "";
      let value: string;
      try {
        value = decodeURIComponent(raw);
      } catch {
        problems.push(`path parameter ${param}: not valid percent-encoding`);
        return;
      }
      validate(`path parameter ${param}`, `path:${param}`, value);
    });

    const declared = (place: Parameter["in"]) => operation.parameters.filter((p) => p.in === place);
    for (const key of new Set(request.query.keys())) {
      const parameter = declared("query").find((p) => p.name === key);
      if (!parameter) {
        problems.push(`query parameter \`${key}\` is not in the spec`);
        continue;
      }
      for (const value of request.query.getAll(key))
        validate(`query parameter ${key}`, `query:${key}`, coerce(value, parameter.schema));
    }
    for (const parameter of declared("query")) {
      if (parameter.required && !request.query.has(parameter.name))
        problems.push(`query parameter \`${parameter.name}\` is required`);
    }

    for (const [rawName, rawValue] of Object.entries(request.headers)) {
      const header = rawName.toLowerCase();
      if (TRANSPORT_HEADERS.has(header) || rawValue === undefined) continue;
      const parameter = declared("header").find((p) => p.name.toLowerCase() === header);
      if (!parameter) {
        problems.push(`header \`${rawName}\` is not a parameter of ${name}`);
        continue;
      }
      const value = Array.isArray(rawValue) ? rawValue.join(", ") : rawValue;
      validate(`header ${parameter.name}`, `header:${parameter.name}`, coerce(value, parameter.schema));
    }
    for (const parameter of declared("header")) {
      if (parameter.required && request.headers[parameter.name.toLowerCase()] === undefined)
        problems.push(`header \`${parameter.name}\` is required`);
    }

    if (request.body === undefined && operation.bodyRequired) problems.push(`${name}: the request body is required`);
    if (request.body !== undefined) {
      if (operation.body) {
        if (!operation.body(request.body)) problems.push(...describeErrors("body", operation.body.errors));
      } else if (!(isObject(request.body as Json) && Object.keys(request.body as JsonObject).length === 0)) {
        problems.push(`${name} takes no request body`);
      }
    }
    return { operation: name, kind: problems.length === 0 ? "ok" : "invalid", problems };
  }
}

let loaded: ResendSpec | null = null;

/** The vendored spec, parsed and compiled on first use. */
export function resendSpec(): ResendSpec {
  loaded ??= new ResendSpec();
  return loaded;
}
