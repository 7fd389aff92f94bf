import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createLocalTls } from '../../src/mock/tls/local-ca.js'

describe('createLocalTls', () => {
  it('makes a CA and a loopback server certificate it signed, valid around now', () => {
    const now = new Date('2026-05-04T12:00:00Z')
    const tls = createLocalTls(now)
    const ca = new X509Certificate(tls.caCert)
    const cert = new X509Certificate(tls.cert)
    expect(ca.ca).toBe(true)
    expect(cert.ca).toBe(false)
    expect(cert.checkIssued(ca)).toBe(true)
    expect(cert.verify(ca.publicKey)).toBe(true)
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1')
    expect(cert.checkHost('localhost')).toBe('localhost')
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])
    expect(Date.parse(cert.validFrom)).toBeLessThan(now.getTime())
    expect(Date.parse(cert.validTo)).toBeGreaterThan(now.getTime())
    // A fresh CA every time: two runs never trust each other's certificates.
    expect(new X509Certificate(createLocalTls(now).cert).checkIssued(ca)).toBe(false)
  })
})
