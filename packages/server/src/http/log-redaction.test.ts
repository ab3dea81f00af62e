import { describe, expect, it } from "vitest";
import { redactUrl } from "./log-redaction.ts";

describe("redactUrl", () => {
  it("hides secrets in token paths and free-text query values, keeping ids and paging", () => {
    expect(redactUrl("/api/1.0/invitations/accept/takt_inv_abc")).toBe("/api/1.0/invitations/accept/[redacted]");
    expect(redactUrl("/reset-password/takt_pwr_abc?x=1")).toBe("/reset-password/[redacted]?x=[redacted]");
    expect(redactUrl("/invite/takt_inv_abc")).toBe("/invite/[redacted]");
    expect(redactUrl("/api/1.0/crm/intake/abc123")).toBe("/api/1.0/crm/intake/[redacted]");
    expect(redactUrl("/api/1.0/workspaces/1/tasks/search?text=hunter2&limit=5")).toBe(
      "/api/1.0/workspaces/1/tasks/search?text=[redacted]&limit=5",
    );
    expect(redactUrl("/api/1.0/events?resource=12&sync=abc")).toBe("/api/1.0/events?resource=12&sync=[redacted]");
    expect(redactUrl("/api/1.0/tasks?project=1&opt_fields=name")).toBe("/api/1.0/tasks?project=1&opt_fields=name");
    expect(redactUrl("/api/1.0/users/me")).toBe("/api/1.0/users/me");
    expect(redactUrl("/x?%E0%A4%A=1")).toBe("/x?%E0%A4%A=[redacted]");
  });
});
