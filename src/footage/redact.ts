/**
 * Hides camera credentials wherever a URL is printed, logged or returned:
 * user:password@ becomes ***:***@, and password-like query values become ***.
 */
const SECRET_PARAMS = /^(password|passwd|pass|pwd|token|access_token|auth|authorization|key|apikey|api_key|secret|signature|sig)$/i;

/** scheme://user:password@ up to the last @ before the path, so passwords with unencoded # ? ' " @ are caught whole. */
const USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/]*@/gi;

export function redactUrl(url: string): string {
  const withoutUserInfo = url.replace(new RegExp(`^${USER_INFO.source}`, "i"), (_m, scheme: string) => `${scheme}***:***@`);
  return withoutUserInfo.replace(/([?&;])([^=&;#]+)=([^&;#]*)/g, (whole, sep: string, name: string) =>
    SECRET_PARAMS.test(decodeSafe(name)) ? `${sep}${name}=***` : whole,
  );
}

/** Redacts every URL found inside free text (ffmpeg stderr, error messages). */
export function redactText(text: string): string {
  return text.replace(USER_INFO, (_m, scheme: string) => `${scheme}***:***@`).replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi, (url) => redactUrl(url));
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
