// An API error as the server sends it: { error: { code, message } } plus the
// HTTP status and, for 429, how many seconds to wait.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSec: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

export function apiError(response: Response, body: unknown): ApiError {
  const err = (body as ErrorBody | undefined)?.error;
  const retry = Number(response.headers.get("retry-after"));
  return new ApiError(
    response.status,
    err?.code ?? `HTTP_${response.status}`,
    err?.message ?? response.statusText,
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}
