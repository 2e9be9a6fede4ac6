/** The contacts domain of the contract, served by {@link ContactsService}. */
import type { ContactsService } from './contacts-service';
import type { InvokeHandlers } from './core-handlers';

export type ContactChannel =
  | 'contacts:list'
  | 'contacts:add'
  | 'contacts:update'
  | 'contacts:set-favourite'
  | 'contacts:remove'
  | 'contacts:import'
  | 'contacts:export';

export function contactHandlers(contacts: ContactsService): InvokeHandlers<ContactChannel> {
  return {
    'contacts:list': () => contacts.list(),
    'contacts:add': (input) => contacts.add(input),
    'contacts:update': ({ id, input }) => contacts.update(id, input),
    'contacts:set-favourite': ({ id, isFavourite }) => contacts.setFavourite(id, isFavourite),
    'contacts:remove': ({ id }) => contacts.remove(id),
    'contacts:import': ({ fileName, text }) => contacts.import(fileName, text),
    'contacts:export': ({ format }) => contacts.export(format),
  };
}
