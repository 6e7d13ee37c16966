/**
 * Finds a Chromium for playwright-core without downloading anything: CHROME_PATH, then a
 * system Chromium or Chrome (Linux, macOS, Windows), then the binary inside the
 * @sparticuz/chromium package where it is installed (this repository's tests).
 */
import { existsSync } from "node:fs";
import type { Browser, BrowserType } from "playwright-core";

const SYSTEM_CHROMIUMS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
  "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
];

/** No browser to take screenshots with; the message says what to install or set. */
export class NoBrowserError extends Error {}

/** Whether an import failed because the package is not installed. */
function isMissingPackage(error: unknown): boolean {
  return (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND";
}

/** Absolute path of the Chromium binary to drive. */
export async function findChromium(env: Record<string, string | undefined> = process.env): Promise<string> {
  if (env.CHROME_PATH) {
    if (!existsSync(env.CHROME_PATH)) throw new Error(`CHROME_PATH=${env.CHROME_PATH} existiert nicht.`);
    return env.CHROME_PATH;
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return system;
  try {
    const sparticuz = (await import("@sparticuz/chromium")).default;
    return await sparticuz.executablePath();
  } catch (error) {
    if (!isMissingPackage(error)) throw error;
    throw new NoBrowserError(
      "Für die Screenshots wurde kein Chrome oder Chromium gefunden. Bitte Chrome installieren oder CHROME_PATH auf das Programm setzen (z. B. CHROME_PATH=/usr/bin/chromium).",
      { cause: error },
    );
  }
}

/** Launches headless Chromium with flags that keep it off the network and quiet. */
export async function launchBrowser(env: Record<string, string | undefined> = process.env): Promise<Browser> {
  let chromium: BrowserType;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (error) {
    if (!isMissingPackage(error)) throw error;
    throw new NoBrowserError(
      "Für die Screenshots fehlt playwright-core. Bitte mit `npm install --save-dev playwright-core` installieren (die Vorlage hat es als Entwicklungsabhängigkeit).",
      { cause: error },
    );
  }
  return chromium.launch({
    executablePath: await findChromium(env),
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
