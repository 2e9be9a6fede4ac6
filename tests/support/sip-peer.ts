/**
 * A bare sip.js user agent in Node with its own WebSocket: the "other
 * phone" of integration tests. It observes what a peer would: the status
 * code its requests get back.
 */
import WebSocket from 'ws';
import { Messager, Registerer, RegistererState, UserAgent } from 'sip.js';
import { PipeTransport, type SipPipe } from '../../app/sip/pipe-transport';

export interface SipPeerOptions {
  readonly wsUrl: string;
  readonly user: string;
  readonly domain: string;
  readonly password: string;
}

export class SipPeer {
  readonly userAgent: UserAgent;
  private socket: WebSocket | undefined;
  private registerer: Registerer | undefined;

  constructor(private readonly options: SipPeerOptions) {
    const pipe: SipPipe = {
      isConnected: () => this.socket?.readyState === WebSocket.OPEN,
      whenConnected: () => this.openSocket(),
      send: async (message) => this.socket?.send(message),
    };
    let transport: PipeTransport | undefined;
    this.userAgent = new UserAgent({
      uri: UserAgent.makeURI(`sip:${options.user}@${options.domain}`),
      authorizationUsername: options.user,
      authorizationPassword: options.password,
      logBuiltinEnabled: false,
      transportConstructor: PipeTransport,
      transportOptions: { pipe, onCreated: (created: PipeTransport) => (transport = created) },
    });
    this.transport = () => transport;
  }

  private readonly transport: () => PipeTransport | undefined;

  async start(): Promise<void> {
    await this.userAgent.start();
  }

  async register(): Promise<void> {
    this.registerer = new Registerer(this.userAgent, { expires: 300 });
    await new Promise<void>((resolve, reject) => {
      this.registerer!.stateChange.addListener((state) => state === RegistererState.Registered && resolve());
      void this.registerer!.register({ requestDelegate: { onReject: (response) => reject(new Error(`REGISTER ${response.message.statusCode}`)) } });
    });
  }

  /** Sends an out-of-dialog request of `method` to `target` and resolves with the final status code. */
  async request(method: 'OPTIONS' | 'MESSAGE', target: string): Promise<number> {
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`bad target ${target}`);
    if (method === 'MESSAGE') {
      return new Promise((resolve) => {
        void new Messager(this.userAgent, uri, 'hello').message({
          requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 0), onReject: (r) => resolve(r.message.statusCode ?? 0) },
        });
      });
    }
    const core = this.userAgent.userAgentCore;
    const request = core.makeOutgoingRequestMessage('OPTIONS', uri, this.userAgent.configuration.uri, uri, {});
    return new Promise((resolve) => {
      core.request(request, {
        onAccept: (response) => resolve(response.message.statusCode ?? 0),
        onReject: (response) => resolve(response.message.statusCode ?? 0),
      });
    });
  }

  /**
   * Calls `target` with an SDP offer and resolves with the final status code
   * (a 2xx is acknowledged; the call is then left to the callee).
   */
  async call(target: string, sdp: string): Promise<number> {
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`bad target ${target}`);
    const core = this.userAgent.userAgentCore;
    const request = core.makeOutgoingRequestMessage('INVITE', uri, this.userAgent.configuration.uri, uri, {}, [
      `Contact: <sip:${this.options.user}@${this.options.domain};transport=ws>`,
    ], { content: sdp, contentType: 'application/sdp', contentDisposition: 'session' });
    return new Promise((resolve) => {
      core.invite(request, {
        onAccept: (response) => {
          response.ack();
          resolve(response.message.statusCode ?? 0);
        },
        onReject: (response) => resolve(response.message.statusCode ?? 0),
      });
    });
  }

  async stop(): Promise<void> {
    await this.userAgent.stop().catch(() => undefined);
    this.socket?.terminate();
  }

  private openSocket(): Promise<void> {
    if (this.socket?.readyState === WebSocket.OPEN) return Promise.resolve();
    const socket = new WebSocket(this.options.wsUrl, 'sip');
    this.socket = socket;
    socket.on('message', (data) => this.transport()?.receive(data.toString()));
    socket.on('close', () => this.transport()?.markDisconnected());
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  }
}
