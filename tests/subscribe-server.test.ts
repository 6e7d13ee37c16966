/**
 * `rundbrief subscribe-serve` as an attacker or a broken client meets it: raw requests
 * over a socket that no fetch client would send. Every one gets a proper status, and the
 * server stays up for the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "node:net";
import { startSubscribeServer, type SubscribeServer } from "../scripts/commands/subscribe-serve.ts";
import { aConfig } from "./fixtures/config.ts";

let server: SubscribeServer;
let port: number;

/** Sends `raw` as it is and resolves with everything the server answered before it closed (or after `waitMs`). */
function rawRequest(raw: string, waitMs = 3000): Promise<{ text: string; closedMs: number | null }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const socket = connect(port, "127.0.0.1");
    let text = "";
    const timer = setTimeout(() => {
      socket.destroy();
      done({ text, closedMs: null });
    }, waitMs);
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.on("error", fail);
    socket.on("close", () => {
      clearTimeout(timer);
      done({ text, closedMs: performance.now() - started });
    });
    socket.write(raw);
  });
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);

beforeAll(async () => {
  server = await startSubscribeServer({
    config: aConfig(),
    port: 0,
    staticDir: null,
    env: {
      SUBSCRIBE_SECRET: "raw-request-secret-0123456789-abcdefghijkl",
      RESEND_API_KEY: "re_not_used_here",
      RESEND_SEGMENT_ID: "segment",
      SITE_URL: "http://127.0.0.1",
    },
    timeouts: { headersMs: 500, requestMs: 1500, keepAliveMs: 500 },
  });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
});

describe("subscribe-serve with malformed requests", () => {
  it.each([
    { what: "a request target that is no URL", raw: "GET //[ HTTP/1.1\r\nHost: x\r\n\r\n", status: 400 },
    { what: "an absolute target with a broken host", raw: "GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n", status: 400 },
    { what: "a protocol-relative target", raw: "GET //evil.example/api/subscribe HTTP/1.1\r\nHost: x\r\n\r\n", status: 400 },
    {
      what: "a backslash target the URL parser reads as another host",
      raw: "GET /\\evil.example/api/subscribe HTTP/1.1\r\nHost: x\r\n\r\n",
      status: 400,
    },
    { what: "the asterisk form", raw: "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", status: 400 },
    { what: "a header line without a colon", raw: "GET /api/subscribe HTTP/1.1\r\nHost: x\r\nkaputt\r\n\r\n", status: 400 },
  ])("answers $what with $status and stays up", async ({ raw, status }) => {
    const answer = await rawRequest(raw);
    expect(statusOf(answer.text), answer.text).toBe(status);
    const after = await fetch(`${server.url}/api/gibt-es-nicht`);
    expect(after.status).toBe(404);
  });

  it("answers TRACE on the API with 405 and Allow, not a 500 with a stack trace", async () => {
    const answer = await rawRequest("TRACE /api/subscribe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(statusOf(answer.text)).toBe(405);
    expect(answer.text).toMatch(/\r\nallow: GET, POST\r\n/i);
    expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it("closes a connection whose headers never finish, after seconds rather than Node's minute", async () => {
    const answer = await rawRequest("POST /api/subscribe HTTP/1.1\r\nHost: x\r\n", 6000);
    expect(answer.closedMs).not.toBeNull();
    expect(answer.closedMs!).toBeLessThan(5000);
    expect(statusOf(answer.text)).toBe(408);
  });

  it("closes a connection whose body never finishes", async () => {
    const answer = await rawRequest(
      "POST /api/subscribe HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=",
      8000,
    );
    expect(answer.closedMs).not.toBeNull();
    expect(answer.closedMs!).toBeLessThan(7000);
  });
});
