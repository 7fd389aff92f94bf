import sodium from 'libsodium-wrappers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createBoxKeyPair, openSealedBox, sealBox } from '../../src/oauth/index.js'

beforeAll(async () => {
  await sodium.ready
})

describe('sealed box (tweetnacl + blakejs) against libsodium', () => {
  it('seals what libsodium crypto_box_seal_open opens', () => {
    const pair = sodium.crypto_box_keypair()
    const sealed = sealBox(new TextEncoder().encode('1//refresh-token ✓'), pair.publicKey)
    expect(sodium.to_string(sodium.crypto_box_seal_open(sealed, pair.publicKey, pair.privateKey))).toBe(
      '1//refresh-token ✓',
    )
  })

  it('opens what libsodium crypto_box_seal sealed, and refuses altered or foreign boxes', () => {
    const pair = createBoxKeyPair()
    const sealed = sodium.crypto_box_seal('from libsodium', pair.publicKey)
    expect(new TextDecoder().decode(openSealedBox(sealed, pair.publicKey, pair.secretKey))).toBe(
      'from libsodium',
    )
    const altered = Uint8Array.from(sealed)
    altered[altered.length - 1]! ^= 1
    expect(openSealedBox(altered, pair.publicKey, pair.secretKey)).toBeUndefined()
    const other = createBoxKeyPair()
    expect(openSealedBox(sealed, other.publicKey, other.secretKey)).toBeUndefined()
    expect(openSealedBox(new Uint8Array(10), pair.publicKey, pair.secretKey)).toBeUndefined()
  })

  it('refuses a public key of the wrong size', () => {
    expect(() => sealBox(new Uint8Array(1), new Uint8Array(31))).toThrow(/32 bytes, got 31/)
  })
})
