/**
 * A software WebAuthn authenticator for tests: one ES256 (P-256) credential from node:crypto,
 * producing the JSON a browser's `navigator.credentials.create()` / `.get()` would hand to the
 * server. Registration uses `none` attestation. Knobs let tests lie the way an attacker or a
 * broken device would: another origin or RP id, another signing key, a chosen counter.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

type CborValue = Parameters<typeof isoCBOR.encode>[0];

/** authenticatorData flag bits (WebAuthn §6.1). */
const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;
/** COSE: key type EC2, algorithm ES256, curve P-256. */
const COSE = { KTY: 1, ALG: 3, CRV: -1, X: -2, Y: -3, EC2: 2, ES256: -7, P256: 1 } as const;

/** Where the ceremony claims to happen; defaults come from the options. */
export interface CeremonyContext {
  /** The origin the "browser" puts in clientDataJSON. */
  origin: string;
  /** The RP id whose hash goes into authenticatorData; defaults to the one in the options. */
  rpId?: string;
}

/** Extra knobs for an assertion. */
export interface AssertionContext extends CeremonyContext {
  /** Report this signature counter instead of the next one. */
  counter?: number;
  /** Sign with another authenticator's key (a forged assertion). */
  signWith?: SoftAuthenticator;
}

/** Settings of the simulated device. */
export interface SoftAuthenticatorOptions {
  /** Whether the device counts signatures; passkeys synced between devices often report 0. */
  countsSignatures?: boolean;
  /** Whether it reports user verification (a PIN or biometric). */
  userVerified?: boolean;
  /** Whether the credential is a synced (backed-up) passkey. */
  backedUp?: boolean;
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/** A software authenticator holding one credential. */
export class SoftAuthenticator {
  /** The credential id, base64url (as `id` in the JSON and as stored by the server). */
  readonly credentialId: string;
  private readonly rawId = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly settings: Required<SoftAuthenticatorOptions>;
  private userHandle: string | undefined;
  private signCount = 0;

  constructor(options: SoftAuthenticatorOptions = {}) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.credentialId = b64url(this.rawId);
    this.settings = {
      countsSignatures: options.countsSignatures ?? true,
      userVerified: options.userVerified ?? true,
      backedUp: options.backedUp ?? false,
    };
  }

  private flags(extra: number): number {
    let flags = FLAG.UP | extra;
    if (this.settings.userVerified) flags |= FLAG.UV;
    if (this.settings.backedUp) flags |= FLAG.BE | FLAG.BS;
    return flags;
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer) {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.of(flags), count, ...(attested ? [attested] : [])]);
  }

  /** The public key as a COSE_Key (CBOR map), as in attested credential data. */
  private cosePublicKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const coordinate = (value: string | undefined) =>
      new Uint8Array(Buffer.from(value ?? '', 'base64url'));
    const key: CborValue = new Map<number, CborValue>([
      [COSE.KTY, COSE.EC2],
      [COSE.ALG, COSE.ES256],
      [COSE.CRV, COSE.P256],
      [COSE.X, coordinate(jwk.x)],
      [COSE.Y, coordinate(jwk.y)],
    ]);
    return isoCBOR.encode(key);
  }

  /**
   * Answers registration options as `navigator.credentials.create()` would. Like a real
   * authenticator, it refuses when its credential is in `excludeCredentials`.
   */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    context: CeremonyContext,
  ): RegistrationResponseJSON {
    if (options.excludeCredentials?.some((c) => c.id === this.credentialId)) {
      throw new Error('InvalidStateError: this authenticator is already registered');
    }
    this.userHandle = options.user.id;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.rawId.length);
    const attested = Buffer.concat([
      Buffer.alloc(16), // AAGUID: all zeros, as authenticators give with `none` attestation
      idLength,
      this.rawId,
      this.cosePublicKey(),
    ]);
    const authData = this.authenticatorData(
      context.rpId ?? options.rp.id ?? '',
      this.flags(FLAG.AT),
      this.signCount,
      attested,
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CborValue>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    const clientData = clientDataJSON('webauthn.create', options.challenge, context.origin);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: clientData,
        attestationObject: b64url(attestationObject),
        authenticatorData: b64url(authData),
        transports: ['internal', 'hybrid'],
        publicKeyAlgorithm: COSE.ES256,
        publicKey: b64url(this.publicKey.export({ format: 'der', type: 'spki' })),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Answers authentication options as `navigator.credentials.get()` would. */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    context: AssertionContext,
  ): AuthenticationResponseJSON {
    if (context.counter !== undefined) {
      this.signCount = context.counter;
    } else if (this.settings.countsSignatures) {
      this.signCount += 1;
    }
    const authData = this.authenticatorData(
      context.rpId ?? options.rpId ?? '',
      this.flags(0),
      this.signCount,
    );
    const clientData = clientDataJSON('webauthn.get', options.challenge, context.origin);
    const signer = context.signWith ?? this;
    // ES256 signatures in WebAuthn are ASN.1 DER, which is node's default encoding for EC keys.
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(Buffer.from(clientData, 'base64url'))]),
      signer.privateKey,
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: clientData,
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}

function clientDataJSON(type: string, challenge: string, origin: string): string {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })).toString(
    'base64url',
  );
}
