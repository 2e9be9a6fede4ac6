/** The shape of the handlers each domain module gives the contract door. */
import type { InvokeChannelName, RequestOf, ResultOf } from '../../app/ipc-contract';
import type { RendererEntry } from './renderer-registry';

/** One handler per channel in `C`, called only with a request the contract has validated. */
export type InvokeHandlers<C extends InvokeChannelName = InvokeChannelName> = {
  [K in C]: (request: RequestOf<K>, renderer: RendererEntry) => ResultOf<K> | Promise<ResultOf<K>>;
};
