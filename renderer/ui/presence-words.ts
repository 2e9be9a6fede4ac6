/**
 * Presence in words and colour: the header's own status and the status
 * beside each contact say the same words; the colour is never the only
 * signal.
 */
import type { ContactPresenceState } from '../../app/presence';
import type { StatusColor } from '../../app/registration-status';
import type { Translate } from '../i18n/i18n';

export function presenceWords(t: Translate, state: ContactPresenceState): string {
  switch (state) {
    case 'available':
      return t('presence.available');
    case 'away':
      return t('presence.away');
    case 'busy':
      return t('presence.busy');
    case 'dnd':
      return t('presence.dnd');
    case 'on-the-phone':
      return t('presence.onThePhone');
    case 'offline':
      return t('presence.offline');
    case 'not-offered':
      return t('presence.notOffered');
    case 'unknown':
      return t('presence.unknown');
  }
}

export function presenceColor(state: ContactPresenceState): StatusColor {
  switch (state) {
    case 'available':
      return 'green';
    case 'away':
      return 'amber';
    case 'busy':
    case 'dnd':
    case 'on-the-phone':
      return 'red';
    default:
      return 'grey';
  }
}
