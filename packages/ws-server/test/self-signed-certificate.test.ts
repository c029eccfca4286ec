import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { expect, test } from 'vitest';
import { selfSignedCertificate } from '../src/server/self-signed-certificate.js';

test('every generated certificate is valid DER that TLS accepts, for localhost and loopback', () => {
  // Many: a DER rule broken only for some random serial numbers must show.
  for (let i = 0; i < 300; i++) {
    const { cert, key } = selfSignedCertificate();
    const x509 = new X509Certificate(cert);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(() => createSecureContext({ cert, key })).not.toThrow();
    if (i === 0) {
      expect(x509.subject).toBe('CN=localhost');
      expect(x509.subjectAltName).toBe(
        'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
      );
      expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    }
  }
});
