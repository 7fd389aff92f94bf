/**
 * CRC-32 (the zlib/Java polynomial), written out because `zlib.crc32` needs Node 20.15+.
 * @module
 */

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** Continues the CRC-32 `crc` (0 to start) over `bytes`; unsigned. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0
  for (const byte of bytes) c = TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}
