/**
 * libsodium's sealed box (`crypto_box_seal`), which GitHub requires for Actions secrets: an ephemeral X25519
 * key pair, nonce = BLAKE2b-192(ephemeral public key ‖ recipient public key), XSalsa20-Poly1305 box, output =
 * ephemeral public key ‖ ciphertext.
 *
 * Built on `tweetnacl` + `blakejs` rather than `libsodium-wrappers`: both are small pure-JS packages (tweetnacl
 * was audited by Cure53), load synchronously with no WebAssembly start-up, and the sealed box is only a few
 * lines over them. The tests check interoperability by opening our boxes with libsodium itself.
 * @module
 */
import { blake2b } from 'blakejs'
import nacl from 'tweetnacl'

const KEY_BYTES = 32

function sealNonce(ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  const input = new Uint8Array(KEY_BYTES * 2)
  input.set(ephemeralPublicKey, 0)
  input.set(recipientPublicKey, KEY_BYTES)
  return blake2b(input, undefined, nacl.box.nonceLength)
}

/**
 * Encrypts `message` for the holder of `recipientPublicKey` (32 bytes); only they can open it.
 *
 * @example
 * const sealed = sealBox(new TextEncoder().encode('s3cret'), Buffer.from(publicKeyBase64, 'base64'))
 */
export function sealBox(message: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  if (recipientPublicKey.length !== KEY_BYTES)
    throw new RangeError(`A sealed-box public key has ${KEY_BYTES} bytes, got ${recipientPublicKey.length}.`)
  const ephemeral = nacl.box.keyPair()
  const boxed = nacl.box(
    message,
    sealNonce(ephemeral.publicKey, recipientPublicKey),
    recipientPublicKey,
    ephemeral.secretKey,
  )
  ephemeral.secretKey.fill(0)
  const out = new Uint8Array(KEY_BYTES + boxed.length)
  out.set(ephemeral.publicKey, 0)
  out.set(boxed, KEY_BYTES)
  return out
}

/**
 * Opens a sealed box with the recipient's key pair; `undefined` when it was not sealed for them or was altered.
 *
 * @example
 * const plain = openSealedBox(sealed, keyPair.publicKey, keyPair.secretKey)
 */
export function openSealedBox(
  sealed: Uint8Array,
  publicKey: Uint8Array,
  secretKey: Uint8Array,
): Uint8Array | undefined {
  if (sealed.length < KEY_BYTES + nacl.box.overheadLength) return undefined
  const ephemeralPublicKey = sealed.subarray(0, KEY_BYTES)
  const opened = nacl.box.open(
    sealed.subarray(KEY_BYTES),
    sealNonce(ephemeralPublicKey, publicKey),
    ephemeralPublicKey,
    secretKey,
  )
  return opened ?? undefined
}

/**
 * A fresh X25519 key pair (what GitHub's repository public key is).
 *
 * @example
 * const { publicKey, secretKey } = createBoxKeyPair()
 */
export function createBoxKeyPair(): { readonly publicKey: Uint8Array; readonly secretKey: Uint8Array } {
  return nacl.box.keyPair()
}

/**
 * The key pair for a given 32-byte secret key (so a test can fix the GitHub pack's key).
 *
 * @example
 * boxKeyPairFromSecretKey(Buffer.from(secretBase64, 'base64'))
 */
export function boxKeyPairFromSecretKey(secretKey: Uint8Array): {
  readonly publicKey: Uint8Array
  readonly secretKey: Uint8Array
} {
  return nacl.box.keyPair.fromSecretKey(secretKey)
}
