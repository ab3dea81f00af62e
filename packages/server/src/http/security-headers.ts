import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";

// Pages whose URL carries a secret token (invitation, password reset): the browser sends no Referer from them.
const TOKEN_PAGES = /^\/(invite|reset|reset-password|password-reset)(\/|$|\?)/;
// The public request form: the one page a client may embed on their own site.
const FORM_PAGE = /^\/forms\/\d+(\/|$|\?)/;
// A Host header is echoed into connect-src only when it is a plain host[:port].
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

// Only features Chromium and Firefox know: an unknown name makes the browser log an error on every page.
const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "midi=()",
  "magnetometer=()",
  "gyroscope=()",
  "accelerometer=()",
].join(", ");

// JSON and file answers never run in a page: they may load nothing and be framed by no one.
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// The API reference (/api/1.0/docs): the viewer's script and styles from our origin (it sets style attributes),
// its icons as data: images, and the OpenAPI document fetched from here.
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

// The single-page app: scripts only from our origin (the Vite build has no inline script), styles may be inline
// (Mantine writes <style> elements and style attributes), images also as data:/blob: (chart export, previews),
// fetch and the realtime WebSocket to our own origin.
export function appCsp(host: string | null, frameAncestors: string): string {
  const sockets = host ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

function publicHost(request: FastifyRequest, config: Config): string | null {
  if (config.publicUrl) return new URL(config.publicUrl).host;
  return PLAIN_HOST.test(request.host) ? request.host : null;
}

function frameOptions(frameAncestors: string): string | null {
  const sources = frameAncestors.trim();
  if (sources === "'none'") return "DENY";
  if (sources === "'self'") return "SAMEORIGIN";
  // Other sites may frame the page: X-Frame-Options cannot say that, and CSP frame-ancestors overrides it anyway.
  return null;
}

export function isSecureRequest(request: FastifyRequest): boolean {
  return request.protocol === "https";
}

// Every answer, API or app, gets the headers below; a route that set its own (the attachment download's
// sandbox CSP) keeps it.
export function securityHeaders(request: FastifyRequest, config: Config): Record<string, string> {
  const path = request.url;
  const api = path.startsWith("/api/");
  const form = !api && FORM_PAGE.test(path);
  const frameAncestors = form ? config.formFrameAncestors : "'none'";
  const headers: Record<string, string> = {
    "Content-Security-Policy": api ? API_CSP : appCsp(publicHost(request, config), frameAncestors),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": TOKEN_PAGES.test(path) ? "no-referrer" : "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Permitted-Cross-Domain-Policies": "none",
  };
  const frame = frameOptions(frameAncestors);
  if (frame) headers["X-Frame-Options"] = frame;
  if (config.hsts === "always" || (config.hsts === "auto" && isSecureRequest(request))) {
    headers["Strict-Transport-Security"] = "max-age=31536000";
  }
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload) => {
    for (const [name, value] of Object.entries(securityHeaders(request, app.takt.config))) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
}
