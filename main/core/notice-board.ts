/** Notices main raises for the user (a file kept aside, a shortcut in use …): codes with params the UI words. */
import { randomUUID } from 'node:crypto';
import type { Notice } from '../../app/ipc-contract';

export class NoticeBoard {
  private notices: Notice[] = [];

  list(): Notice[] {
    return this.notices;
  }

  raise(code: string, message: string, params?: Record<string, string>): void {
    this.notices = [...this.notices, { id: randomUUID(), code, message, ...(params ? { params } : {}) }];
  }

  dismiss(id: string): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }
}
