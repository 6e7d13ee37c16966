// Preloaded into a child process (NODE_OPTIONS=--import=…) so that the host names listed
// in RUNDBRIEF_LOOPBACK_HOSTS resolve to 127.0.0.1: the real CLI then fetches the real
// https:// URLs of a build, and they land on a local test server. Nothing else changes.
import dns from "node:dns";

const hosts = new Set((process.env.RUNDBRIEF_LOOPBACK_HOSTS ?? "").split(",").filter(Boolean));
const lookup = dns.lookup;

dns.lookup = function lookupLoopback(hostname, options, callback) {
  if (!hosts.has(hostname)) return lookup.call(this, hostname, options, callback);
  const done = typeof options === "function" ? options : callback;
  const all = typeof options === "object" && options !== null && options.all;
  return all ? done(null, [{ address: "127.0.0.1", family: 4 }]) : done(null, "127.0.0.1", 4);
};
