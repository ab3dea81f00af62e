// Bytes → base64 without spreading a large array into String.fromCharCode. The server reads the file (any
// encoding, every column); the browser only carries it.
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}
