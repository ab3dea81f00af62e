import { describe, expect, it } from "vitest";
import { EMPTY_SHA256, signS3Request, uriEncode } from "./s3-signature.ts";

describe("AWS Signature V4", () => {
  // The worked example of AWS's S3 documentation ("Example: GET Object"), with its published signature.
  it("reproduces AWS's published GET Object example", () => {
    const headers = signS3Request(
      { accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" },
      {
        method: "GET",
        url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
        headers: { Range: "bytes=0-9" },
        payloadSha256: EMPTY_SHA256,
        now: new Date("2013-05-24T00:00:00Z"),
      },
    );
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
    expect(headers["x-amz-date"]).toBe("20130524T000000Z");
  });

  it("encodes paths and query values the RFC 3986 way", () => {
    expect(uriEncode("a b/ü+*~", true)).toBe("a%20b/%C3%BC%2B%2A~");
    expect(uriEncode("a/b", false)).toBe("a%2Fb");
  });
});
