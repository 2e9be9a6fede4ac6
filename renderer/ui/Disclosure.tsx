/**
 * A button that shows or hides the content under it (WAI-ARIA disclosure):
 * `aria-expanded` on the button, the content in the tab order only while shown.
 * Controlled with `isOpen` + `onOpenChange`, or left to itself.
 */
import { useId, useState, type ReactNode } from 'react';
import { Icon } from './Icon';

export interface DisclosureProps {
  readonly label: string;
  /** Shown after the label, outside its accessible name (e.g. a count). */
  readonly aside?: ReactNode;
  readonly isOpen?: boolean;
  onOpenChange?(isOpen: boolean): void;
  readonly className?: string;
  readonly children: ReactNode;
}

export function Disclosure(props: DisclosureProps) {
  const contentId = useId();
  const [ownOpen, setOwnOpen] = useState(false);
  const isOpen = props.isOpen ?? ownOpen;
  const toggle = () => {
    setOwnOpen(!isOpen);
    props.onOpenChange?.(!isOpen);
  };
  return (
    <div className={props.className}>
      <div className="disclosure-header">
        <button type="button" className="disclosure-button" aria-expanded={isOpen} aria-controls={contentId} onClick={toggle}>
          <Icon name="chevron-down" size={16} />
          <span>{props.label}</span>
        </button>
        {props.aside}
      </div>
      <div id={contentId} className="disclosure-content" hidden={!isOpen}>
        {isOpen && props.children}
      </div>
    </div>
  );
}
