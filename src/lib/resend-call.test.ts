import { describe, expect, it } from "vitest";
import { classifyResendError, fieldOfResendMessage, retryAfterMs, type FailureKind } from "./resend-call.ts";

describe("error helpers", () => {
  it.each<[number | null, string, string, FailureKind]>([
    [null, "application_error", "Unable to fetch data.", "network"],
    [429, "rate_limit_exceeded", "", "rate-limit"],
    [429, "monthly_quota_exceeded", "", "quota"],
    [500, "internal_server_error", "", "server"],
    [401, "missing_api_key", "", "auth"],
    [400, "validation_error", "API key is invalid", "auth"],
    [403, "invalid_api_key", "", "auth"],
    [403, "validation_error", "The example.com domain is not verified.", "validation"],
    [404, "not_found", "", "not-found"],
    [404, "route_not_found", "", "validation"],
    [409, "invalid_idempotent_request", "", "conflict"],
    [422, "validation_error", "Invalid `from` field.", "validation"],
  ])("%s %s → %s", (statusCode, name, message, kind) => {
    expect(classifyResendError({ statusCode, name, message })).toBe(kind);
  });

  it.each([
    ["Invalid `from` field. The email address needs…", "validation_error", "from"],
    ["The `segment_id` abc does not exist.", "validation_error", "segment_id"],
    ["The example.com domain is not verified. Please, add and verify your domain", "validation_error", "from"],
    ["bad", "invalid_from_address", "from"],
    ["Something else", "validation_error", null],
  ])("field of %s", (message, name, field) => {
    expect(fieldOfResendMessage(message, name)).toBe(field);
  });

  it.each([
    [{ "retry-after": "2" }, 2000],
    [{ "retry-after": "0.25" }, 250],
    [{ "retry-after": new Date(10_000).toUTCString() }, 10_000],
    [{ "ratelimit-reset": "3" }, 3000],
    [{}, null],
  ])("retry-after of %j → %s ms", (headers, ms) => {
    expect(retryAfterMs(headers, 0)).toBe(ms);
  });
});
