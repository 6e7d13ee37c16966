/**
 * Finds a Chromium for playwright-core without downloading anything: CHROME_PATH, then a
 * system Chromium, then the binary shipped inside the @sparticuz/chromium package.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const SYSTEM_CHROMIUMS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/** Absolute path of the Chromium binary to drive. */
export async function findChromium(env: Record<string, string | undefined> = process.env): Promise<string> {
  if (env.CHROME_PATH) {
    if (!existsSync(env.CHROME_PATH)) throw new Error(`CHROME_PATH=${env.CHROME_PATH} existiert nicht.`);
    return env.CHROME_PATH;
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return system;
  const sparticuz = (await import("@sparticuz/chromium")).default;
  return sparticuz.executablePath();
}

/** Launches headless Chromium with flags that keep it off the network and quiet. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await findChromium(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--font-render-hinting=none",
    ],
  });
}
