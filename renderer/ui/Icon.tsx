/**
 * Inline stroke icons (no icon font or external file: the CSP forbids them).
 * Always decorative: the button or text next to an icon carries its name.
 */
import type { ReactNode } from 'react';

export type IconName =
  | 'phone'
  | 'hang-up'
  | 'keypad'
  | 'settings'
  | 'mic'
  | 'mic-off'
  | 'backspace'
  | 'close'
  | 'warning'
  | 'info'
  | 'retry'
  | 'plus'
  | 'edit'
  | 'trash'
  | 'missed-call'
  | 'call-incoming'
  | 'call-outgoing'
  | 'call-declined'
  | 'call-busy'
  | 'call-cancelled'
  | 'contact-add'
  | 'moon'
  | 'chevron-down'
  | 'pause'
  | 'play'
  | 'star'
  | 'contacts'
  | 'transfer'
  | 'merge'
  | 'message'
  | 'record'
  | 'stop'
  | 'folder';

const PHONE_PATH =
  'M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72c.13.96.36 1.9.7 2.81a2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45c.91.34 1.85.57 2.81.7A2 2 0 0 1 22 16.92z';

const SHAPES: Record<IconName, ReactNode> = {
  phone: <path d={PHONE_PATH} />,
  message: <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />,
  'hang-up': <path d={PHONE_PATH} transform="rotate(135 12 12) translate(0 1)" />,
  keypad: (
    <g fill="currentColor" stroke="none">
      {[3, 9, 15].flatMap((y) => [5, 12, 19].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="2" />))}
      <circle cx="12" cy="21" r="2" />
    </g>
  ),
  settings: (
    <>
      <path d="M4 21v-7M4 10V3M12 21v-9M12 8V3M20 21v-5M20 12V3" />
      <path d="M1 14h6M9 8h6M17 16h6" />
    </>
  ),
  mic: (
    <>
      <path d="M12 1a3 3 0 0 0-3 3v8a3 3 0 0 0 6 0V4a3 3 0 0 0-3-3z" />
      <path d="M19 10v2a7 7 0 0 1-14 0v-2M12 19v4M8 23h8" />
    </>
  ),
  'mic-off': (
    <>
      <path d="M1 1l22 22" />
      <path d="M9 9v3a3 3 0 0 0 5.12 2.12M15 9.34V4a3 3 0 0 0-5.94-.6" />
      <path d="M17 16.95A7 7 0 0 1 5 12v-2m14 0v2a7 7 0 0 1-.11 1.23M12 19v4M8 23h8" />
    </>
  ),
  backspace: <path d="M21 4H8l-7 8 7 8h13a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zM18 9l-6 6M12 9l6 6" />,
  close: <path d="M18 6L6 18M6 6l12 12" />,
  pause: <path d="M9 5v14M15 5v14" />,
  play: <path d="M7 4l13 8-13 8z" />,
  record: <circle cx="12" cy="12" r="6" fill="currentColor" />,
  stop: <rect x="6" y="6" width="12" height="12" rx="1" />,
  folder: <path d="M3 6a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />,
  transfer: <path d="M4 12h15M14 6l6 6-6 6" />,
  merge: <path d="M6 3v6a6 6 0 0 0 6 6h0a6 6 0 0 1 6 6v0M18 3v6a6 6 0 0 1-6 6" />,
  warning: <path d="M10.29 3.86L1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0zM12 9v4M12 17h.01" />,
  info: (
    <>
      <circle cx="12" cy="12" r="10" />
      <path d="M12 16v-4M12 8h.01" />
    </>
  ),
  retry: <path d="M23 4v6h-6M20.49 15a9 9 0 1 1-2.12-9.36L23 10" />,
  plus: <path d="M12 5v14M5 12h14" />,
  edit: <path d="M17 3a2.83 2.83 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5L17 3z" />,
  'missed-call': (
    <>
      <path d={PHONE_PATH} />
      <path d="M23 1l-6 6M17 1l6 6" />
    </>
  ),
  'call-incoming': (
    <>
      <path d={PHONE_PATH} />
      <path d="M16 2v6h6M23 1l-7 7" />
    </>
  ),
  'call-outgoing': (
    <>
      <path d={PHONE_PATH} />
      <path d="M23 7V1h-6M16 8l7-7" />
    </>
  ),
  'call-declined': (
    <>
      <path d="M10.68 13.31a16 16 0 0 0 3.41 2.6l1.27-1.27a2 2 0 0 1 2.11-.45 12.84 12.84 0 0 0 2.81.7 2 2 0 0 1 1.72 2v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.42 19.42 0 0 1-3.33-2.67m-2.67-3.34a19.79 19.79 0 0 1-3.07-8.63A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72 12.84 12.84 0 0 0 .7 2.81 2 2 0 0 1-.45 2.11L8.09 9.91" />
      <path d="M23 1L1 23" />
    </>
  ),
  'call-busy': (
    <>
      <path d={PHONE_PATH} />
      <path d="M16 4h7M16 8h7" />
    </>
  ),
  'call-cancelled': (
    <>
      <path d={PHONE_PATH} />
      <circle cx="19.5" cy="4.5" r="3.5" />
      <path d="M17 7l5-5" />
    </>
  ),
  'contact-add': (
    <>
      <circle cx="9" cy="8" r="4" />
      <path d="M2 21v-1a7 7 0 0 1 7-7h0a7 7 0 0 1 7 7v1M19 8v6M16 11h6" />
    </>
  ),
  moon: <path d="M21 12.79A9 9 0 1 1 11.21 3 7 7 0 0 0 21 12.79z" />,
  'chevron-down': <path d="M6 9l6 6 6-6" />,
  star: <path d="M12 2l3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01L12 2z" />,
  contacts: (
    <>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21v-1a7 7 0 0 1 7-7h2a7 7 0 0 1 7 7v1" />
    </>
  ),
  trash: <path d="M3 6h18M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6m3 0V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2" />,
};

export function Icon(props: { name: IconName; size?: number }) {
  const size = props.size ?? 20;
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {SHAPES[props.name]}
    </svg>
  );
}
