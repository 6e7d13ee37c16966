/**
 * Rate limits that hold across every instance of the Cloudflare function: one Durable
 * Object per limit and key counts each request, exactly and in order, wherever the
 * function runs. The class (`SignupLimiter`) ships with the package and is deployed as a
 * tiny Worker of its own, because a Pages project cannot define Durable Object classes;
 * the Pages project binds it as SIGNUP_LIMITER (docs/subscribe.md).
 *
 * What the object sees is an HMAC of the key, never an address or IP. When it cannot be
 * reached, the function falls back to its in-memory counters (see
 * `createDurableObjectLimiters`). No Cloudflare types needed: the runtime's objects are
 * described by the few members used here.
 */
import {
  countRequest,
  createRateLimiter,
  type RateDecision,
  type RateLimit,
  type RateLimiter,
  type RateWindow,
  type SubscribeLimiters,
  type SubscribeLimits,
} from "./limits.ts";

/** The binding's name in the Pages project (wrangler.toml `[[durable_objects.bindings]] name`). */
export const LIMITER_BINDING = "SIGNUP_LIMITER";

/** The part of a Durable Object namespace binding the function uses. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

/** The part of a Durable Object's state the limiter uses. */
export interface DurableObjectStateLike {
  storage: {
    get<T>(key: string): Promise<T | undefined>;
    put<T>(key: string, value: T): Promise<void>;
    setAlarm(scheduledTime: number): Promise<void>;
    deleteAll(): Promise<void>;
  };
}

/** Whether a value from the environment is a Durable Object namespace binding. */
export function isDurableObjectNamespace(value: unknown): value is DurableObjectNamespaceLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.idFromName === "function" && typeof candidate.get === "function";
}

/** What the function sends the object: the window's rule and the request's time. */
interface TakeRequest {
  limit: number;
  windowMs: number;
  now: number;
}

const WINDOW_KEY = "window";
const TAKE_URL = "https://signup-limiter/take";

/**
 * The Durable Object class: one instance per limit and hashed key, holding that key's
 * current window. Input gates keep a request's read and write together, so concurrent
 * requests from any number of function instances are counted one after another. An
 * alarm at the window's end deletes the object's storage, so nothing outlives the window.
 */
export class SignupLimiter {
  readonly #storage: DurableObjectStateLike["storage"];

  constructor(state: DurableObjectStateLike) {
    this.#storage = state.storage;
  }

  async fetch(request: Request): Promise<Response> {
    if (request.method !== "POST") return new Response(null, { status: 405, headers: { allow: "POST" } });
    const body = readTakeRequest(await request.json().catch(() => null));
    if (!body) return new Response(null, { status: 400 });
    const current = await this.#storage.get<RateWindow>(WINDOW_KEY);
    const { window, decision } = countRequest(current, body, body.now);
    if (window !== current) {
      await this.#storage.put(WINDOW_KEY, window);
      if (window.start !== current?.start) await this.#storage.setAlarm(window.start + body.windowMs);
    }
    return Response.json(decision);
  }

  async alarm(): Promise<void> {
    await this.#storage.deleteAll();
  }
}

function readTakeRequest(value: unknown): TakeRequest | null {
  if (typeof value !== "object" || value === null) return null;
  const { limit, windowMs, now } = value as Record<string, unknown>;
  const valid = [limit, windowMs, now].every((n) => typeof n === "number" && Number.isFinite(n) && n >= 0);
  return valid && (limit as number) >= 1 && (windowMs as number) >= 1
    ? { limit: limit as number, windowMs: windowMs as number, now: now as number }
    : null;
}

function readDecision(value: unknown): RateDecision | null {
  if (typeof value !== "object" || value === null) return null;
  const { allowed, retryAfterSeconds } = value as Record<string, unknown>;
  if (allowed === true) return { allowed: true };
  if (allowed === false && typeof retryAfterSeconds === "number" && retryAfterSeconds > 0)
    return { allowed: false, retryAfterSeconds };
  return null;
}

/** Settings for the shared counters. */
export interface DurableObjectLimiterOptions {
  limits: SubscribeLimits;
  /** The key for hashing (SUBSCRIBE_SECRET); read when the first request is counted. */
  secret: () => string | undefined;
  /** One line per change between reachable and unreachable; never a key. */
  log: (line: string) => void;
  /** How long one count may take before the in-memory counter decides (default 2 s). */
  timeoutMs?: number;
}

/**
 * The handler's three limiters, counted by the Durable Object binding. If the object
 * cannot be reached (error, timeout, an answer that is not a decision), the request is
 * counted by an in-memory limiter of this instance instead: a signup form that refuses
 * every reader while Cloudflare has a hiccup loses real subscribers, while the damage of
 * counting per instance for a while is bounded (per-instance limits still apply, and
 * Resend's idempotency key sends one confirmation mail per address and day).
 */
export function createDurableObjectLimiters(
  namespace: DurableObjectNamespaceLike,
  { limits, secret, log, timeoutMs = 2000 }: DurableObjectLimiterOptions,
): SubscribeLimiters {
  let hmacKey: Promise<CryptoKey> | undefined;
  let reachable = true;

  const hash = async (name: string, key: string): Promise<string> => {
    hmacKey ??= importHmacKey(secret());
    const mac = await crypto.subtle.sign("HMAC", await hmacKey, new TextEncoder().encode(`rundbrief-limit\n${name}\n${key}`));
    return Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, "0")).join("");
  };

  const limiter = (name: keyof SubscribeLimiters, rate: RateLimit): RateLimiter => {
    const fallback = createRateLimiter(rate);
    return {
      async take(key, now) {
        try {
          const id = namespace.idFromName(`${name}:${await hash(name, key)}`);
          const body: TakeRequest = { limit: rate.limit, windowMs: rate.windowMs, now };
          const answer = await withTimeout(
            namespace.get(id).fetch(TAKE_URL, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(body),
            }),
            timeoutMs,
          );
          const decision = answer.ok ? readDecision(await answer.json()) : null;
          if (!decision) throw new Error(`Antwort ${answer.status} ohne gültige Entscheidung`);
          if (!reachable) {
            reachable = true;
            log(
              "[subscribe] Limiter (Durable Object SIGNUP_LIMITER) antwortet wieder: Die Limits gelten wieder für alle Instanzen.",
            );
          }
          return decision;
        } catch (error) {
          if (reachable) {
            reachable = false;
            log(
              `[subscribe] Limiter (Durable Object SIGNUP_LIMITER) nicht erreichbar (${describeError(error)}): Bis er wieder antwortet, zählt jede Instanz für sich.`,
            );
          }
          return fallback.take(key, now);
        }
      },
    };
  };

  return {
    subscribePerIp: limiter("subscribePerIp", limits.subscribePerIp),
    subscribePerAddress: limiter("subscribePerAddress", limits.subscribePerAddress),
    confirmPerIp: limiter("confirmPerIp", limits.confirmPerIp),
  };
}

async function importHmacKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret?.trim()) throw new Error("SUBSCRIBE_SECRET fehlt");
  return crypto.subtle.importKey("raw", new TextEncoder().encode(secret.trim()), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`keine Antwort nach ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
