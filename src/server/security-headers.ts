/**
 * helmet with a strict Content-Security-Policy: scripts only from this
 * origin (no inline script, no eval), images also from blob:/data: (frames,
 * charts), media from this origin and blob:, sockets to this origin, no
 * framing. HSTS and upgrade-insecure-requests only when the board is served
 * over https (publicUrl), since on plain http they would break the page.
 */
import helmet from "helmet";
import type { RequestHandler } from "express";

export function securityHeaders(https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
}
