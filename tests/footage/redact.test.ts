import { describe, expect, it } from "vitest";
import { redactText, redactUrl } from "../../src/footage/redact.js";

describe("redactUrl", () => {
  it("hides user and password", () => {
    expect(redactUrl("rtsp://admin:Hik12345@192.0.2.10:554/Streaming/Channels/101")).toBe(
      "rtsp://***:***@192.0.2.10:554/Streaming/Channels/101",
    );
    expect(redactUrl("rtsp://admin:p@ss@192.0.2.10/x")).toBe("rtsp://***:***@192.0.2.10/x");
    expect(redactUrl("http://viewer@192.0.2.1/live.ts")).toBe("http://***:***@192.0.2.1/live.ts");
  });

  it("hides password-like query values and keeps the rest", () => {
    expect(redactUrl("http://192.0.2.1/cgi?user=admin&password=s3cret&channel=1")).toBe(
      "http://192.0.2.1/cgi?user=admin&password=***&channel=1",
    );
    expect(redactUrl("https://h/x?token=abc&pwd=x1&auth=zz&starttime=20261208T080000Z")).toBe(
      "https://h/x?token=***&pwd=***&auth=***&starttime=20261208T080000Z",
    );
  });

  it("hides passwords with unencoded special characters (# ? ! as camera passwords often have)", () => {
    for (const password of ["ab#12", "Hik?2026", "a#b?c@d!", "x'y", 'q"r']) {
      const url = `rtsp://admin:${password}@192.0.2.10:554/Streaming/Channels/101`;
      expect(redactUrl(url)).toBe("rtsp://***:***@192.0.2.10:554/Streaming/Channels/101");
      expect(redactText(`${url}: Connection refused`)).not.toContain(password);
      expect(redactText(`Input #0, rtsp, from '${url}':`)).not.toContain(password);
    }
  });

  it("leaves credential-free URLs unchanged", () => {
    const url = "rtsp://192.0.2.10:554/cam/playback?channel=1&starttime=2026_12_08_08_00_00";
    expect(redactUrl(url)).toBe(url);
  });

  it("redacts URLs inside free text such as ffmpeg stderr", () => {
    const text = "[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized\nrtsp://admin:Secret9@192.0.2.3/ch1: Server returned 401";
    const out = redactText(text);
    expect(out).not.toContain("Secret9");
    expect(out).toContain("rtsp://***:***@192.0.2.3/ch1");
  });
});
