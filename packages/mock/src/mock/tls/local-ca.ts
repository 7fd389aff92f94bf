/**
 * A throwaway certificate authority and a loopback server certificate it signs (127.0.0.1, ::1, localhost),
 * made at start-up for `mock serve --https`: clients trust the CA (Node: `NODE_EXTRA_CA_CERTS=<ca.pem>`) and the
 * official SDKs then talk to the mock exactly as to the real https service. Keys are P-256, made fresh each time,
 * and never leave memory except the CA's public certificate.
 * @module
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'
import { bits, bool, explicit, integer, octets, oid, sequence, set, time, tlv, utf8 } from './der.js'

/** What an https server and its clients need. */
export interface LocalTls {
  /** The CA certificate (PEM) clients must trust. */
  readonly caCert: string
  /** The server certificate (PEM), for 127.0.0.1, ::1 and localhost. */
  readonly cert: string
  /** The server's private key (PEM, PKCS#8). */
  readonly key: string
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'))
const name = (cn: string) => sequence(set(sequence(oid('2.5.4.3'), utf8(cn))))
const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value))

function certificate(input: {
  readonly issuer: string
  readonly subject: string
  readonly publicKey: KeyObject
  readonly signingKey: KeyObject
  readonly notBefore: Date
  readonly notAfter: Date
  readonly extensions: readonly Buffer[]
}): string {
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(randomBytes(16)),
    ECDSA_SHA256,
    name(input.issuer),
    sequence(time(input.notBefore), time(input.notAfter)),
    name(input.subject),
    input.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...input.extensions)),
  )
  const signature = sign('sha256', tbs, input.signingKey) // DER-encoded ECDSA signature, as X.509 wants
  const der = sequence(tbs, ECDSA_SHA256, bits(signature))
  const lines = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')
  return `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`
}

/**
 * Makes the CA and the loopback certificate, valid from a day before `now` for 30 days.
 *
 * @example
 * const tls = createLocalTls()
 * https.createServer({ cert: tls.cert, key: tls.key }, handler)
 */
export function createLocalTls(now: Date = new Date()): LocalTls {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const leaf = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const notBefore = new Date(now.getTime() - 86_400_000)
  const notAfter = new Date(now.getTime() + 30 * 86_400_000)
  const caName = `pgtestbed mock local CA ${randomBytes(4).toString('hex')}`
  const caCert = certificate({
    issuer: caName,
    subject: caName,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension('2.5.29.19', true, sequence(bool(true), integer(Buffer.from([0])))), // CA, pathLen 0
      extension('2.5.29.15', true, bits(Buffer.from([0x06]))), // keyCertSign, cRLSign
    ],
  })
  const san = sequence(
    tlv(0x82, Buffer.from('localhost')), // dNSName
    tlv(0x87, Buffer.from([127, 0, 0, 1])), // iPAddress
    tlv(0x87, Buffer.concat([Buffer.alloc(15), Buffer.from([1])])), // ::1
  )
  const cert = certificate({
    issuer: caName,
    subject: 'localhost',
    publicKey: leaf.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension('2.5.29.19', true, sequence()), // not a CA
      extension('2.5.29.15', true, bits(Buffer.from([0x80]))), // digitalSignature
      extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // serverAuth
      extension('2.5.29.17', false, san),
    ],
  })
  const key = createPrivateKey(leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }))
  return { caCert, cert, key: key.export({ type: 'pkcs8', format: 'pem' }).toString() }
}
