import type { StatusColor } from '../../app/registration-status';

/** The colored dot next to status words; decorative, the words carry the meaning. */
export function StatusDot(props: { color: StatusColor }) {
  return <span className="status-dot" data-color={props.color} aria-hidden="true" />;
}
