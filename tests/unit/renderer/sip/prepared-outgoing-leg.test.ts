/**
 * The prepared-leg keeper's refresh rules in action. Node has no WebRTC, so
 * a stand-in peer connection plays the browser's part: an offer, one host
 * candidate, gathering complete. What is checked is what the next call
 * would get: a leg holding its own offer, or none.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { PREPARED_LEG_MAX_AGE_MS } from '../../../../renderer/sip/outgoing-leg-freshness';
import { PreparedOutgoingLegs } from '../../../../renderer/sip/prepared-outgoing-leg';

class StandInPeerConnection extends EventTarget {
  static made: StandInPeerConnection[] = [];
  signalingState: RTCSignalingState = 'stable';
  iceGatheringState: RTCIceGatheringState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  constructor(readonly configuration: RTCConfiguration) {
    super();
    StandInPeerConnection.made.push(this);
  }
  addTransceiver(): void {}
  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: `v=0\r\na=ice-ufrag:leg${StandInPeerConnection.made.indexOf(this)}\r\n` };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = description;
    this.signalingState = 'have-local-offer';
    setTimeout(() => {
      this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host' } }));
      this.iceGatheringState = 'complete';
      this.dispatchEvent(new Event('icegatheringstatechange'));
    }, 0);
  }
  close(): void {
    this.signalingState = 'closed';
  }
}

const windowEvents = new EventTarget();
const globals = globalThis as unknown as Record<string, unknown>;
let legs: PreparedOutgoingLegs;
let iceServers: RTCIceServer[];
let clock: number;

beforeEach(() => {
  StandInPeerConnection.made = [];
  globals.RTCPeerConnection = StandInPeerConnection;
  globals.addEventListener = windowEvents.addEventListener.bind(windowEvents);
  globals.removeEventListener = windowEvents.removeEventListener.bind(windowEvents);
  iceServers = [];
  clock = 1_000;
  legs = new PreparedOutgoingLegs({ iceServers: () => iceServers, certificates: () => undefined }, () => clock);
});

afterEach(() => {
  legs.stop();
  for (const name of ['RTCPeerConnection', 'addEventListener', 'removeEventListener']) delete globals[name];
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open = () => StandInPeerConnection.made.filter((connection) => connection.signalingState !== 'closed');

test('a call takes the leg holding its gathered offer; the next call in the same moment gets none (a leg carries one call)', async () => {
  await legs.start();
  const leg = legs.take();
  assert.ok(leg, 'a leg is ready');
  assert.equal(leg.connection.signalingState, 'have-local-offer');
  assert.match(leg.connection.localDescription?.sdp ?? '', /ice-ufrag:leg0/);
  assert.equal(leg.configuration.iceServers?.length, 0, "only the user's servers (none), never sip.js's public STUN default");
  assert.equal(legs.take(), undefined);
});

test('the next leg is made only once the call that took one released it, then a moment later', async () => {
  await legs.start();
  const leg = legs.take()!;
  await sleep(1_200);
  assert.equal(StandInPeerConnection.made.length, 1, 'nothing is made while that call sets up');
  leg.release();
  await sleep(1_200);
  const next = legs.take();
  assert.ok(next, 'a new leg after the release');
  assert.notEqual(next.connection, leg.connection, 'a new connection: its own ICE credentials');
});

test('a network change (online) replaces the waiting leg', async () => {
  await legs.start();
  const [first] = StandInPeerConnection.made;
  windowEvents.dispatchEvent(new Event('online'));
  await sleep(50);
  assert.equal(first!.signalingState, 'closed', 'the leg gathered on the old network is closed');
  const leg = legs.take();
  assert.ok(leg && (leg.connection as unknown) !== first, 'the call gets the leg gathered after the change');
});

test('changed STUN/TURN servers or an old leg: the call gets none (it builds its own) and the stale leg is closed', async () => {
  await legs.start();
  iceServers = [{ urls: 'stun:stun.example.com' }];
  assert.equal(legs.take(), undefined);
  assert.equal(open().length, 0);

  legs.stop();
  legs = new PreparedOutgoingLegs({ iceServers: () => iceServers, certificates: () => undefined }, () => clock);
  await legs.start();
  clock += PREPARED_LEG_MAX_AGE_MS;
  assert.equal(legs.take(), undefined, 'a leg a few minutes old is not used');
});

test('stop closes the waiting leg', async () => {
  await legs.start();
  legs.stop();
  assert.equal(open().length, 0);
});
