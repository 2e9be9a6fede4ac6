/**
 * What every component reaches without prop drilling: main's API and the
 * sip.js engine's call controls. {@link App} provides both.
 */
import { createContext, useContext } from 'react';
import type { SoftphoneApi } from '../../app/ipc-contract';
import type { CallControls } from '../store/call-view';

export const ApiContext = createContext<SoftphoneApi | null>(null);
export const CallControlsContext = createContext<CallControls | null>(null);

export function useApi(): SoftphoneApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs <App> (ApiContext) above it');
  return api;
}

export function useCallControls(): CallControls {
  const controls = useContext(CallControlsContext);
  if (!controls) throw new Error('useCallControls() needs <App> (CallControlsContext) above it');
  return controls;
}
