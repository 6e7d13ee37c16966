/**
 * Fails a test that made a request Resend's OpenAPI spec does not allow: after each test,
 * every spec violation a fake Resend recorded and the test did not take itself (with
 * `fake.takeSpecViolations()`) is an error naming the request and what is wrong.
 */
import { afterEach } from "vitest";
import { takeSpecViolations } from "../fake-resend/server.ts";

afterEach(() => {
  const violations = takeSpecViolations();
  if (violations.length === 0) return;
  const lines = violations.map((v) => `  ${v.request}\n${v.problems.map((p) => `    - ${p}`).join("\n")}`);
  throw new Error(`Requests outside Resend's OpenAPI spec (tests/fake-resend/openapi/resend.yaml):\n${lines.join("\n")}`);
});
