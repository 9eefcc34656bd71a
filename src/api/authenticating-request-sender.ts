import { SipRequest, type SipResponse, type URI } from '../syntax/index.js';
import type { Peer } from '../transport/index.js';
import {
  createAuthenticatedRetry,
  DigestAuthenticator,
  randomIds,
  silentLogger,
  type CoreLogger,
  type DigestCredentials,
  type IdGenerator,
  type OutOfDialogRequestFactory,
  type RequestOutcome,
  type RequestSender,
  type RequestSpec,
  type SentRequest,
  type UserAgentCore,
} from '../core/index.js';


/** The address a sender's requests come from: From unless the spec names another. */
export interface SenderAddress {
  uri: URI;
  displayName?: string | undefined;
}

/**
 * Where the requests of a sender come from and go, and what answers their challenges, as functions of
 * its `host`: one table for all the senders of a process, rather than closures and records per sender
 * (a process holds thousands of UAs).
 */
export interface RequestRoutes<Host> {
  /** The factory of the current connection (its Via sent-by and transport change on reconnect). */
  requestFactory(host: Host): OutOfDialogRequestFactory;
  /** Where `request` goes: the server the UA is connected to (an outbound flow, RFC 5626 / RFC 7118), or its own next hop. */
  destination(host: Host, request: SipRequest): Peer;
  /** The UA's address: From of every request `create` builds unless the spec names another. */
  from(host: Host): SenderAddress;
  /** Digest credentials; without them a 401/407 is final. */
  credentials(host: Host): DigestCredentials | undefined;
}

interface RouteFunctions {
  /** The factory of the current connection (its Via sent-by and transport change on reconnect), or the one factory. */
  factory: OutOfDialogRequestFactory | (() => OutOfDialogRequestFactory);
  /** Where `request` goes: the server the UA is connected to (an outbound flow, RFC 5626 / RFC 7118), or its own next hop. */
  destination: (request: SipRequest) => Peer;
  /** The UA's address: From of every request `create` builds unless the spec names another. */
  from: SenderAddress;
  /** Digest credentials; without them a 401/407 is final. */
  credentials?: DigestCredentials | undefined;
}

const FUNCTION_ROUTES: RequestRoutes<RouteFunctions> = {
  requestFactory: ({ factory }) => (typeof factory === 'function' ? factory() : factory),
  destination: (functions, request) => functions.destination(request),
  from: (functions) => functions.from,
  credentials: (functions) => functions.credentials,
};

export type AuthenticatingRequestSenderOptions = AuthenticatingRequestSenderBase & (RouteFunctions | { routes: RequestRoutes<unknown>; host: unknown });

interface AuthenticatingRequestSenderBase {
  core: UserAgentCore;
  /** Source of the retries' branches; random unless a test injects its own. */
  ids?: IdGenerator | undefined;
  logger?: CoreLogger | undefined;
}

// Each answered challenge is one retry and the authenticator refuses a realm that challenges twice
// (RFC 3261 §22.1), but a server inventing a new realm each time could still loop; this bounds it.
const MAX_AUTHENTICATED_RETRIES = 4;

/**
 * One `send`: the request now in its transaction (the first, or its latest authenticated retry), and whether
 * its outcome is still wanted. A class, not an object literal with a `request` getter: V8 gives each such
 * literal a hidden class of its own, which holds the getter, and through it the whole request, past the
 * young-generation collections until the next full one (bench/LOAD-RESULTS.md, many UAs and calls per second).
 */
class Sending implements SentRequest {
  stopped = false;
  retries = 0;

  constructor(
    public current: SipRequest,
    readonly authenticator: DigestAuthenticator | undefined,
  ) {}

  get request(): SipRequest {
    return this.current;
  }

  stop(): void {
    this.stopped = true;
  }
}

/**
 * The UA's `RequestSender`: builds requests with the current connection's factory and sends them to the
 * connected server, answering 401/407 with the UA's digest credentials. Each `send` has its own
 * DigestAuthenticator, so concurrent requests never mistake each other's challenges for a rejection.
 */
export class AuthenticatingRequestSender implements RequestSender {
  private readonly core: UserAgentCore;
  private readonly routes: RequestRoutes<unknown>;
  private readonly host: unknown;
  private readonly ids: IdGenerator;
  private readonly logger: CoreLogger;

  constructor(options: AuthenticatingRequestSenderOptions) {
    this.core = options.core;
    if ('routes' in options) {
      this.routes = options.routes;
      this.host = options.host;
    } else {
      this.routes = FUNCTION_ROUTES as RequestRoutes<unknown>;
      // The legacy default display name is '': no display name rather than an empty quoted one.
      const from = { uri: options.from.uri, displayName: options.from.displayName || undefined };
      this.host = { factory: options.factory, destination: options.destination, from, credentials: options.credentials } satisfies RouteFunctions;
    }
    this.ids = options.ids ?? randomIds;
    this.logger = options.logger ?? silentLogger;
  }

  create(spec: RequestSpec): SipRequest {
    return this.routes.requestFactory(this.host).create({ ...spec, from: spec.from ?? this.routes.from(this.host) });
  }

  send(request: SipRequest, outcome: RequestOutcome): SentRequest {
    const credentials = this.routes.credentials(this.host);
    const sending = new Sending(request, credentials === undefined ? undefined : new DigestAuthenticator({ credentials }));

    const transmit = (sent: SipRequest): void => {
      sending.current = sent;
      let finalSeen = false;
      // Only the transaction of the latest request reports: an earlier one has had its final response.
      const reporting = (): boolean => !sending.stopped && sent === sending.current;
      this.core.send(sent, this.routes.destination(this.host, sent), {
        onResponse: (response) => {
          if (!reporting()) return;
          if (response.status < 200) {
            outcome.onProvisional?.(response);
          } else if (finalSeen) {
            outcome.onLater2xx?.(response);
          } else {
            finalSeen = true;
            const authenticator = sending.authenticator;
            const retry = authenticator === undefined ? undefined : this.retryFor(sent, response, authenticator, sending.retries);
            if (retry === undefined) {
              outcome.onFinal(response);
              return;
            }
            sending.retries += 1;
            try {
              transmit(retry);
            } catch (error) {
              // No server to send to any more: the same as a transport failure.
              this.logger.warn(`${sent.method} retry not sent: ${error instanceof Error ? error.message : String(error)}`);
              outcome.onFailure('CONNECTION_ERROR');
            }
          }
        },
        onTimeout: () => {
          if (reporting()) outcome.onFailure('REQUEST_TIMEOUT');
        },
        onTransportError: (error) => {
          this.logger.warn(`${sent.method} not sent: ${error.message}`);
          if (reporting()) outcome.onFailure('CONNECTION_ERROR');
        },
      });
    };

    transmit(request);
    return sending;
  }

  /** The authenticated retry for a 401/407, or undefined when the response is final as it stands. */
  private retryFor(sent: SipRequest, response: SipResponse, authenticator: DigestAuthenticator, retries: number): SipRequest | undefined {
    if (response.status !== 401 && response.status !== 407) return undefined;
    if (retries >= MAX_AUTHENTICATED_RETRIES) {
      this.logger.warn(`${sent.method}: ${retries} authenticated retries, still challenged; giving up`);
      return undefined;
    }
    const answer = authenticator.respond(response, { method: sent.method, uri: sent.uri.toString(), body: sent.body });
    for (const unusable of answer.ignored) this.logger.debug(`challenge ignored: ${unusable.header} ${unusable.reason}`);
    if (!answer.ok) {
      this.logger.warn(`${sent.method} challenge not answered: ${answer.reason}`);
      return undefined;
    }
    return createAuthenticatedRetry(sent, answer.headers, this.ids.branch());
  }
}
