import { createHmac } from "node:crypto";

export interface TargetAnswer {
  ok: boolean;
  status: number | null;
  // What went wrong, for last_failure_content and the delivery log: "500 Internal Server Error\n\n<body>".
  content: string;
  headers: Headers | null;
}

export function signature(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

// One POST to a webhook target: no redirects followed (a redirect could lead to an internal address), a hard
// timeout, and at most a little of the answer kept.
export async function postToTarget(
  target: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<TargetAnswer> {
  try {
    const response = await fetch(target, {
      method: "POST",
      headers: { "user-agent": "Takt-Webhooks/1.0", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await response.text().catch(() => "")).slice(0, 1000);
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      status: response.status,
      content: ok ? "" : `${response.status} ${response.statusText}${text ? `\n\n${text}` : ""}`,
      headers: response.headers,
    };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    const message =
      name === "TimeoutError" || name === "AbortError"
        ? `No answer within ${Math.round(timeoutMs / 1000)} s`
        : `Could not connect: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`;
    return { ok: false, status: null, content: message, headers: null };
  }
}
