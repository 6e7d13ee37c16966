/**
 * The double opt-in signup as one Web-standard handler: `POST …/subscribe` mails a
 * signed confirmation link; `GET …/confirm?token=…` only shows a page with a button,
 * because mail scanners open links on their own; the button's `POST …/confirm` records
 * consent on the Resend contact and sends the welcome mail once per contact; the welcome
 * mail's signed `…/unsubscribe` link (and its RFC 8058 one-click header) unsubscribes.
 * The consent texts and the welcome mail come from the built site (assets.ts). Adapters (`rundbrief subscribe-serve`,
 * functions/api/[[route]].ts) only turn their platform's request into a `Request` and
 * pass the environment and client IP.
 */
import type { RundbriefConfig } from "../../config.ts";
import { uiStrings } from "../i18n.ts";
import { resolveSubscribeConfig, type SubscribeConfig, type SubscribeEnv } from "./config.ts";
import { SIGNUP_ASSETS_FILE, cachedSignupAssets, fetchSignupAssets, type SignupAssets } from "./assets.ts";
import { SIGNUP_PROPERTY_KEYS, WELCOME_PROPERTY_KEY, consentProperties, isUsedSignup } from "./consent.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../unsubscribe-placeholder.ts";
import { renderConfirmationEmail } from "./confirmation-email.ts";
import { escapeHtml, renderStatusPage, type PageLink } from "./html.ts";
import { createRateLimiter, DEFAULT_LIMITS, type SubscribeLimiters, type SubscribeLimits } from "./limits.ts";
import { createResendPort, type PortError, type PortResult, type StoredContact, type SubscribePort } from "./resend-port.ts";
import { signToken, signUnsubscribeToken, verifyToken, verifyUnsubscribeToken, type SignupClaim } from "./token.ts";
import { hasUrlUnsafeLocalPart, readSubscribeForm, UNKNOWN_PAGE, type FormProblem } from "./validation.ts";

/** What the platform knows about the caller; the handler never trusts forwarding headers by itself. */
export interface ClientInfo {
  /** The client's IP as the platform reports it; without it the per-IP limits are skipped. */
  address?: string | null | undefined;
}

/** The handler every adapter calls. */
export type SubscriptionHandler = (request: Request, env: SubscribeEnv, client?: ClientInfo) => Promise<Response>;

/** Seams for tests: the clock, the limits, the Resend port and the log. */
export interface HandlerOptions {
  /** Epoch milliseconds. */
  now?: () => number;
  limits?: SubscribeLimits;
  /** Counters shared by all instances (on Cloudflare a Durable Object); the ones left out count in memory. */
  limiters?: Partial<SubscribeLimiters>;
  createPort?: (config: SubscribeConfig) => SubscribePort;
  /** One line per event; never receives secrets or full addresses. */
  log?: (line: string) => void;
  /**
   * Reads the JSON of the built site's anmeldung.json (consent texts, welcome mail); by
   * default fetched from the site's URL. Kept a few minutes per instance.
   */
  loadAssets?: (config: SubscribeConfig) => Promise<unknown>;
}

const TOKEN_MAX_LENGTH = 2048;
const IDEMPOTENCY_CONFLICTS = new Set(["invalid_idempotent_request", "concurrent_idempotent_requests"]);
const FORM_TYPE = "application/x-www-form-urlencoded";
const MULTIPART_TYPE = "multipart/form-data";
/** RFC 8058: the body a mail client posts to a List-Unsubscribe URL for a one-click unsubscribe. */
const ONE_CLICK = "One-Click";
/**
 * Creates the handler for a blog's validated configuration, with its own rate-limit
 * memory (one per server instance).
 */
export function createSubscriptionHandler(site: RundbriefConfig, options: HandlerOptions = {}): SubscriptionHandler {
  const t = uiStrings(site.lang, site.strings);
  const s = t.signup;
  const PROBLEM_TEXT: Record<FormProblem, string> = {
    "email-missing": s.problemEmailMissing,
    "email-invalid": s.problemEmailInvalid,
    "email-unsupported": s.problemEmailUnsupported,
    "consent-missing": s.problemConsentMissing,
    "form-outdated": s.problemFormOutdated,
  };
  const now = options.now ?? Date.now;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const log = options.log ?? ((line: string) => console.error(line));
  const perIp = options.limiters?.subscribePerIp ?? createRateLimiter(limits.subscribePerIp);
  const perAddress = options.limiters?.subscribePerAddress ?? createRateLimiter(limits.subscribePerAddress);
  const confirmPerIp = options.limiters?.confirmPerIp ?? createRateLimiter(limits.confirmPerIp);
  const loadAssets = options.loadAssets ?? ((config: SubscribeConfig) => fetchSignupAssets(config.siteUrl));
  const assetsByConfig = new Map<string, ReturnType<typeof cachedSignupAssets>>();
  /** The built site's consent texts and welcome mail (`fresh`: not the kept copy), or the page that says the signup is unavailable. */
  async function assetsFor(config: SubscribeConfig, fresh = false): Promise<SignupAssets | Response> {
    let cached = assetsByConfig.get(config.siteUrl);
    if (!cached) {
      cached = cachedSignupAssets(() => loadAssets(config), now);
      assetsByConfig.set(config.siteUrl, cached);
    }
    const result = await cached({ fresh });
    if (result.ok) return result.assets;
    log(
      `[subscribe] ${result.problem} Ist die Seite mit dieser Version gebaut und ausgeliefert (${SIGNUP_ASSETS_FILE} im Ausgabeordner)?`,
    );
    return notConfigured();
  }
  /** Links signed with the current key or one of SUBSCRIBE_SECRET_PREVIOUS. */
  const secretsOf = (config: SubscribeConfig) => [config.secret, ...config.previousSecrets];
  // Addresses this instance unsubscribed in the last hour: the same link again changes nothing at Resend.
  const recentlyUnsubscribed = new Map<string, number>();
  const UNSUBSCRIBE_MEMORY_MS = 60 * 60 * 1000;
  const ports = new Map<string, SubscribePort>();
  const portFor =
    options.createPort ??
    ((config: SubscribeConfig) => {
      const key = `${config.resendBaseUrl ?? ""} ${config.apiKey}`;
      let port = ports.get(key);
      if (!port) {
        port = createResendPort({ apiKey: config.apiKey, baseUrl: config.resendBaseUrl });
        ports.set(key, port);
      }
      return port;
    });

  async function subscribe(request: Request, config: SubscribeConfig, client: ClientInfo): Promise<Response> {
    const time = now();
    if (client.address) {
      const decision = await perIp.take(client.address, time);
      if (!decision.allowed) {
        log(
          `[subscribe] Anmeldelimit pro IP erreicht (${limits.subscribePerIp.limit} in ${limits.subscribePerIp.windowMs / 60_000} min).`,
        );
        return tooMany(config, decision.retryAfterSeconds);
      }
    }

    const form = await readForm(request, config);
    if (form instanceof Response) return form;
    let assets = await assetsFor(config);
    if (assets instanceof Response) return assets;

    let reading = readSubscribeForm(form, assets.consent);
    if (reading.kind === "invalid" && reading.problems.includes("form-outdated")) {
      // Perhaps this instance still keeps the texts of before a deploy: read them again once.
      const fresh = await assetsFor(config, true);
      if (fresh instanceof Response) return fresh;
      assets = fresh;
      reading = readSubscribeForm(form, assets.consent);
      if (reading.kind === "invalid" && reading.problems.includes("form-outdated"))
        log("[subscribe] Formular mit unbekannter Version der Einwilligungstexte: nichts gesendet, Formular erneut gezeigt.");
    }
    if (reading.kind === "honeypot") {
      log("[subscribe] Honeypot ausgefüllt: Erfolg vorgetäuscht, nichts gesendet.");
      return redirect(config.pages.pending);
    }
    if (reading.kind === "invalid") {
      const back = reading.page === UNKNOWN_PAGE ? config.pages.subscribe : new URL(reading.page.slice(1), config.siteUrl).href;
      return page(
        400,
        s.invalidTitle,
        [],
        [{ href: back, label: s.backToForm }],
        reading.problems.map((problem) => PROBLEM_TEXT[problem]),
      );
    }

    const { signup } = reading;
    if (!(await perAddress.take(signup.email, time)).allowed) {
      log(`[subscribe] Limit pro Adresse erreicht für ${maskEmail(signup.email)}: Erfolg vorgetäuscht, nichts gesendet.`);
      return redirect(config.pages.pending);
    }

    const claim: SignupClaim = { ...signup, requestedAt: time };
    const link = new URL(config.confirmUrl);
    link.searchParams.set("token", await signToken(claim, config.secret));
    const mail = renderConfirmationEmail({
      consent: assets.consent.versions[signup.formVersion] ?? assets.consent.current,
      siteTitle: config.siteTitle,
      siteUrl: config.siteUrl,
      confirmUrl: link.href,
      imprint: config.imprint,
    });
    const sent = await portFor(config).sendEmail(
      { from: config.from, to: signup.email, replyTo: config.replyTo, ...mail },
      await idempotencyKey(signup.email, time),
    );
    if (!sent.ok) {
      if (IDEMPOTENCY_CONFLICTS.has(sent.error.name)) {
        log(`[subscribe] ${maskEmail(signup.email)} hat heute schon eine Bestätigungs-E-Mail bekommen; keine zweite.`);
        return redirect(config.pages.pending);
      }
      log(`[subscribe] Bestätigungs-E-Mail an ${maskEmail(signup.email)} nicht gesendet: ${describe(sent.error)}`);
      return page(502, s.upstreamTitle, [s.upstreamSubscribeText, `${s.contactUs} ${config.imprint.email}`], [homeLink(config)]);
    }
    log(`[subscribe] Bestätigungs-E-Mail an ${maskEmail(signup.email)} gesendet (Seite ${signup.page}).`);
    return redirect(config.pages.pending);
  }

  /**
   * The fields of a form POST, or the 415/413 page for anything else. `multipart` also
   * takes multipart/form-data, which RFC 8058 allows mail clients for one-click unsubscribes.
   */
  async function readForm(request: Request, config: SubscribeConfig, multipart = false): Promise<URLSearchParams | Response> {
    const header = request.headers.get("content-type") ?? "";
    const contentType = header.split(";")[0]!.trim().toLowerCase();
    const isMultipart = multipart && contentType === MULTIPART_TYPE;
    if (contentType !== FORM_TYPE && !isMultipart) return page(415, s.unsupportedTitle, [s.unsupportedText], [homeLink(config)]);
    const body = await readLimitedText(request, limits.maxBodyBytes);
    if (body === null) return page(413, s.tooLargeTitle, [s.tooLargeText], [homeLink(config)]);
    if (!isMultipart) return new URLSearchParams(body);
    try {
      const fields = new URLSearchParams();
      for (const [name, value] of await new Response(body, { headers: { "content-type": header } }).formData())
        if (typeof value === "string") fields.append(name, value);
      return fields;
    } catch {
      return page(415, s.unsupportedTitle, [s.unsupportedText], [homeLink(config)]);
    }
  }

  /** Checks the token of a confirm request: the claim, or the answer to give instead. */
  async function checkConfirmToken(
    token: string,
    config: SubscribeConfig,
    time: number,
  ): Promise<{ claim: SignupClaim } | { response: Response }> {
    let check: Awaited<ReturnType<typeof verifyToken>> = { ok: false, problem: "malformed" };
    if (token.length <= TOKEN_MAX_LENGTH) {
      for (const secret of secretsOf(config)) {
        check = await verifyToken(token, secret, time);
        if (check.ok || check.problem !== "bad-signature") break;
      }
    }
    if (!check.ok) {
      log(`[subscribe] Bestätigungslink abgewiesen: ${check.problem}.`);
      return { response: redirect(config.pages.linkInvalid) };
    }
    // Signed before such addresses were refused at signup: never put one into a Resend URL.
    if (hasUrlUnsafeLocalPart(check.claim.email)) {
      log("[subscribe] Bestätigungslink abgewiesen: Adresse mit / ? # oder % vor dem @.");
      return { response: redirect(config.pages.linkInvalid) };
    }
    return { claim: check.claim };
  }

  /** The link from the mail: a page whose button confirms; nothing is read from or written to Resend. */
  async function showConfirmation(request: Request, config: SubscribeConfig): Promise<Response> {
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const checked = await checkConfirmToken(token, config, now());
    if ("response" in checked) return checked.response;
    const html = renderStatusPage({
      lang: site.lang,
      title: s.confirmTitle,
      siteTitle: config.siteTitle,
      paragraphs: [s.confirmText(checked.claim.email, config.siteTitle), s.confirmWhy],
      links: [],
      form: { action: config.confirmUrl, fields: { token }, button: s.confirmButton },
    });
    return htmlResponse(200, html, {}, confirmFormAction(config));
  }

  /** The button on that page: records consent and subscribes the contact. */
  async function confirm(request: Request, config: SubscribeConfig, client: ClientInfo): Promise<Response> {
    const time = now();
    if (client.address) {
      const decision = await confirmPerIp.take(client.address, time);
      if (!decision.allowed) return tooMany(config, decision.retryAfterSeconds);
    }
    const form = await readForm(request, config);
    if (form instanceof Response) return form;
    const checked = await checkConfirmToken(form.get("token") ?? "", config, time);
    if ("response" in checked) return checked.response;

    const { claim } = checked;
    const port = portFor(config);
    const failed = (step: string, error: PortError) => {
      log(`[subscribe] Bestätigung für ${maskEmail(claim.email)} fehlgeschlagen (${step}): ${describe(error)}`);
      return page(502, s.upstreamTitle, [s.upstreamConfirmText, `${s.contactUs} ${config.imprint.email}`], [homeLink(config)]);
    };

    // Only the welcome mail needs the built site's data: a confirmation never waits for it.
    const loaded = await assetsFor(config);
    const assets = loaded instanceof Response ? null : loaded;

    const existing = await port.getContact(claim.email);
    if (!existing.ok) return failed("Kontakt lesen", existing.error);
    if (existing.value && isUsedSignup(existing.value.properties, claim)) {
      log(`[subscribe] Bestätigungslink für ${maskEmail(claim.email)} wurde schon verwendet.`);
      // A first click whose welcome mail failed gets it now; one that sent it changes nothing.
      if (!existing.value.unsubscribed) await welcomeOnce(port, config, assets, claim.email, existing.value);
      return redirect(config.pages.linkInvalid);
    }

    const properties = consentProperties(claim, new Date(time));
    const contact = existing.value;
    // The consent properties mark this link as used, so they are written last: a failure
    // before them leaves the link valid for another try.
    if (contact) {
      const added = await port.addToSegment(claim.email, config.segmentId);
      if (!added.ok) return failed("zum Segment hinzufügen", added.error);
    }
    const saved = await withConsentProperties(port, () =>
      contact
        ? port.updateContact({ email: claim.email, properties })
        : port.createContact({ email: claim.email, properties, segmentId: config.segmentId }),
    );
    if (!saved.ok) return failed(contact ? "Kontakt aktualisieren" : "Kontakt anlegen", saved.error);
    await welcomeOnce(port, config, assets, claim.email, contact);
    return confirmed(config, claim, log);
  }

  /**
   * The welcome mail, once per contact ever: skipped when the contact's welcome_sent_at
   * says it went out; its Idempotency-Key (per address) makes a retry, a second click or a
   * second instance at the same time send nothing new. A failure is logged, never shown:
   * the subscription itself is done.
   */
  async function welcomeOnce(
    port: SubscribePort,
    config: SubscribeConfig,
    assets: SignupAssets | null,
    email: string,
    contact: StoredContact | null,
  ): Promise<void> {
    if (!assets) {
      log(`[subscribe] ${maskEmail(email)}: Willkommens-E-Mail übersprungen, die Daten der Website fehlen (siehe oben).`);
      return;
    }
    const welcome = assets.welcome;
    if (!welcome || contact?.properties[WELCOME_PROPERTY_KEY]) return;
    const link = new URL(config.unsubscribeUrl);
    link.searchParams.set("token", await signUnsubscribeToken(email, config.secret));
    const sent = await port.sendEmail(
      {
        from: config.from,
        to: email,
        replyTo: config.replyTo,
        subject: welcome.subject,
        html: welcome.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, escapeHtml(link.href)),
        text: welcome.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, link.href),
        headers: { "List-Unsubscribe": `<${link.href}>`, "List-Unsubscribe-Post": `List-Unsubscribe=${ONE_CLICK}` },
      },
      await welcomeIdempotencyKey(email),
    );
    if (!sent.ok) {
      if (IDEMPOTENCY_CONFLICTS.has(sent.error.name)) {
        log(`[subscribe] Willkommens-E-Mail an ${maskEmail(email)} geht gerade schon hinaus; keine zweite.`);
      } else log(`[subscribe] Willkommens-E-Mail an ${maskEmail(email)} nicht gesendet: ${describe(sent.error)}`);
      return;
    }
    const marked = await withConsentProperties(port, () =>
      port.setProperties(email, { [WELCOME_PROPERTY_KEY]: new Date(now()).toISOString() }),
    );
    if (!marked.ok)
      log(`[subscribe] Willkommens-E-Mail an ${maskEmail(email)} gesendet, aber nicht vermerkt: ${describe(marked.error)}`);
    else log(`[subscribe] Willkommens-E-Mail an ${maskEmail(email)} gesendet.`);
  }

  /** The token of an unsubscribe request, from the URL (List-Unsubscribe) or the page's form. */
  async function unsubscribeAddress(token: string, config: SubscribeConfig): Promise<string | null> {
    if (token.length > TOKEN_MAX_LENGTH) return null;
    let email: string | null = null;
    for (const secret of secretsOf(config)) {
      email = await verifyUnsubscribeToken(token, secret);
      if (email) break;
    }
    if (!email || hasUrlUnsafeLocalPart(email)) {
      log("[subscribe] Abmeldelink abgewiesen.");
      return null;
    }
    return email;
  }

  function unsubscribeInvalid(config: SubscribeConfig): Response {
    return page(
      400,
      s.unsubscribeInvalidTitle,
      [s.unsubscribeInvalidText, `${s.contactUs} ${config.imprint.email}`],
      [homeLink(config)],
    );
  }

  /** The link from the welcome mail: a page whose button unsubscribes (mail scanners open links on their own). */
  async function showUnsubscribe(request: Request, config: SubscribeConfig): Promise<Response> {
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const email = await unsubscribeAddress(token, config);
    if (!email) return unsubscribeInvalid(config);
    const html = renderStatusPage({
      lang: site.lang,
      title: s.unsubscribeTitle,
      siteTitle: config.siteTitle,
      paragraphs: [s.unsubscribeText(email, config.siteTitle)],
      links: [],
      form: { action: config.unsubscribeUrl, fields: { token }, button: s.unsubscribeButton },
    });
    return htmlResponse(200, html, {}, new URL(config.unsubscribeUrl).origin);
  }

  /** The page's button, or a mail client's one-click POST (RFC 8058) to the List-Unsubscribe URL. */
  /**
   * Not limited per IP: one-click requests come from the servers of a few mail providers,
   * each for many readers, and every request needs a valid signature. A signed link posted
   * again and again reaches Resend a few times an hour, then only gets the page.
   */
  async function unsubscribe(request: Request, config: SubscribeConfig): Promise<Response> {
    const form = await readForm(request, config, true);
    if (form instanceof Response) return form;
    const token = form.get("token") ?? new URL(request.url).searchParams.get("token") ?? "";
    const email = await unsubscribeAddress(token, config);
    if (!email) return unsubscribeInvalid(config);
    const time = now();
    const earlier = recentlyUnsubscribed.get(email);
    if (earlier !== undefined && time - earlier < UNSUBSCRIBE_MEMORY_MS) {
      log(`[subscribe] ${maskEmail(email)}: vor Kurzem schon abgemeldet; Resend nicht erneut gefragt.`);
      return page(200, s.unsubscribedTitle, [s.unsubscribedText(config.siteTitle)], [homeLink(config)]);
    }
    const done = await portFor(config).unsubscribe(email);
    if (!done.ok) {
      // 502, so a mail client that sent a one-click request may try again.
      log(
        `[subscribe] Abmeldung von ${maskEmail(email)} fehlgeschlagen: ${describe(done.error)}. Kommt sie nicht nach, die Adresse im Resend-Dashboard von Hand abmelden.`,
      );
      return page(
        502,
        s.upstreamTitle,
        [s.upstreamUnsubscribeText, `${s.contactUs} ${config.imprint.email}`],
        [homeLink(config)],
      );
    }
    for (const [address, at] of recentlyUnsubscribed)
      if (time - at >= UNSUBSCRIBE_MEMORY_MS) recentlyUnsubscribed.delete(address);
    if (recentlyUnsubscribed.size < 10_000) recentlyUnsubscribed.set(email, time);
    const how = form.get("List-Unsubscribe") === ONE_CLICK ? "mit einem Klick im E-Mail-Programm" : "über den Abmeldelink";
    log(`[subscribe] ${maskEmail(email)} ${done.value ? "abgemeldet" : "war nicht (mehr) eingetragen"} (${how}).`);
    return page(200, s.unsubscribedTitle, [s.unsubscribedText(config.siteTitle)], [homeLink(config)]);
  }

  function homeLink(config: SubscribeConfig): PageLink {
    return { href: config.pages.home, label: s.toHome };
  }

  function page(
    status: number,
    title: string,
    paragraphs: string[],
    links: PageLink[],
    items?: string[],
    headers: Record<string, string> = {},
  ): Response {
    return htmlResponse(
      status,
      renderStatusPage({ lang: site.lang, title, siteTitle: site.title, paragraphs, items, links }),
      headers,
    );
  }

  function tooMany(config: SubscribeConfig, retryAfterSeconds: number): Response {
    return page(429, s.tooManyTitle, [s.tooManyText(Math.ceil(retryAfterSeconds / 60))], [homeLink(config)], undefined, {
      "retry-after": String(retryAfterSeconds),
    });
  }

  function notConfigured(): Response {
    return page(500, s.notConfiguredTitle, [s.notConfiguredText, `${s.contactUs} ${site.imprint.email}`], []);
  }

  return async function handleRequest(request, env, client = {}) {
    const resolved = resolveSubscribeConfig(site, env);
    if (!resolved.ok) {
      for (const problem of resolved.problems) log(`[subscribe] Konfigurationsfehler: ${problem}`);
      return notConfigured();
    }
    const { config } = resolved;
    const path = new URL(request.url).pathname.replace(/\/+$/, "");
    const routes: Array<{ path: string; methods: Record<string, typeof subscribe> }> = [
      { path: config.subscribePath, methods: { POST: subscribe } },
      { path: config.confirmPath, methods: { GET: showConfirmation, POST: confirm } },
      { path: config.unsubscribePath, methods: { GET: showUnsubscribe, POST: unsubscribe } },
    ];
    const route = routes.find((candidate) => candidate.path.replace(/\/+$/, "") === path);
    if (!route) return page(404, t.notFoundTitle, [t.notFoundText], [homeLink(config)]);
    const run = route.methods[request.method];
    if (!run) {
      const allow = Object.keys(route.methods).join(", ");
      return page(405, s.methodNotAllowedTitle, [s.methodNotAllowedText], [homeLink(config)], undefined, { allow });
    }
    return run(request, config, client);
  };
}

/**
 * Where the confirmation page's form may go: the confirm URL, and the site its answer
 * redirects to (CSP form-action also governs that redirect; the function may run on
 * another host than the site).
 */
export function confirmFormAction(config: { confirmUrl: string; pages: { thanks: string } }): string {
  const origins = new Set([new URL(config.confirmUrl).origin, new URL(config.pages.thanks).origin]);
  return [...origins].join(" ");
}

/**
 * Runs a contact write; when Resend refuses it as invalid, creates the consent
 * properties the account lacks (Resend rejects unknown property keys) and tries once more.
 */
async function withConsentProperties<T>(port: SubscribePort, write: () => Promise<PortResult<T>>): Promise<PortResult<T>> {
  const first = await write();
  if (first.ok || (first.error.statusCode !== 400 && first.error.statusCode !== 422)) return first;
  const ensured = await port.ensureContactProperties(SIGNUP_PROPERTY_KEYS);
  if (!ensured.ok || ensured.value.created.length === 0) return first;
  return write();
}

function confirmed(config: SubscribeConfig, claim: SignupClaim, log: (line: string) => void): Response {
  log(`[subscribe] ${maskEmail(claim.email)} bestätigt (Formular ${claim.formVersion}, Seite ${claim.page}).`);
  return redirect(config.pages.thanks);
}

/** One Resend confirmation mail per address and UTC day; the address is hashed so keys carry no personal data. */
export async function idempotencyKey(email: string, time: number): Promise<string> {
  return `subscribe-confirm/${new Date(time).toISOString().slice(0, 10)}/${await addressDigest(email)}`;
}

/** One welcome mail per address: a key without a date, so every retry within Resend's 24 hours is the same request. */
export async function welcomeIdempotencyKey(email: string): Promise<string> {
  return `welcome/${await addressDigest(email)}`;
}

async function addressDigest(email: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(email)));
  return Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** `a***@example.de`: enough to follow one signup in the log, not enough to collect addresses. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 1 ? "***" : `${email[0]}***${email.slice(at)}`;
}

/** The request body as text, or null once it exceeds `maxBytes` (checked while reading, not only by Content-Length). */
export async function readLimitedText(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function describe(error: PortError): string {
  return `${error.name} (${error.statusCode ?? "keine Antwort"}): ${error.message}`;
}

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, ...SECURITY_HEADERS } });
}

/** A page of the handler's own; `formAction` lists the origins its form may post to (none by default). */
function htmlResponse(status: number, html: string, headers: Record<string, string>, formAction = "'none'"): Response {
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'`,
      ...SECURITY_HEADERS,
      ...headers,
    },
  });
}
