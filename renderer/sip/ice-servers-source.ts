/**
 * The STUN/TURN servers for the next call's ICE configuration. Snapshots
 * say which servers are set but carry no TURN password; this asks main for
 * the servers with their passwords (`settings:ice-servers`) at start and
 * whenever the servers in the snapshot change, and keeps them outside the
 * store, so the password is in the renderer only where WebRTC reads it.
 */
import type { RtcIceServerConfig } from '../../app/ice-servers';
import type { SoftphoneApi } from '../../app/ipc-contract';
import { useSoftphoneStore } from '../store/softphone-store';

/** Returns the current servers (read at every call); follows the settings until the page goes. */
export function followIceServers(api: SoftphoneApi): () => RtcIceServerConfig[] {
  let current: RtcIceServerConfig[] = [];
  let request = 0;
  const refresh = async () => {
    request += 1;
    const asked = request;
    const servers = await api.getIceServers();
    // An older answer arriving after a newer one must not win.
    if (asked === request && servers.ok) current = servers.value;
  };
  useSoftphoneStore.subscribe(
    (state) => state.snapshot?.settings.iceServers,
    () => void refresh(),
    { fireImmediately: true },
  );
  return () => current;
}
