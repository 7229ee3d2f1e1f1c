// Runs the page's actions one at a time and shows what is running. Actions
// share the face pipeline and the gallery, so a second click waits for the
// first action to finish. `#app-status` carries `data-state` (loading, busy,
// ready, failed) and `data-completed`, a count of finished actions that
// tests and scripts can wait on.

import { element, errorMessage } from './dom.js';

export class Activity {
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private completed = 0;

  constructor(
    private readonly status: HTMLElement,
    private readonly messages: HTMLElement,
  ) {}

  /** Queues `action`; its error is shown in the message list and does not stop later actions. */
  run(label: string, action: () => Promise<void>): Promise<void> {
    this.pending += 1;
    this.show('busy', `Working: ${label}…`);

    const next = this.queue.then(async () => {
      this.show('busy', `Working: ${label}…`);
      try {
        await action();
      } catch (error) {
        this.error(`${label} failed: ${errorMessage(error)}`);
        console.error(error);
      } finally {
        this.pending -= 1;
        this.completed += 1;
        this.status.dataset.completed = String(this.completed);
        if (this.pending === 0) this.show('ready', 'Ready');
      }
    });
    this.queue = next;
    return next;
  }

  /** Marks the page unusable, for errors that stop every action (models that do not load). */
  fail(message: string): void {
    this.show('failed', 'Stopped: see the error below');
    this.error(message);
  }

  ready(): void {
    this.show('ready', 'Ready');
  }

  error(message: string): void {
    this.add('error', message);
  }

  notice(message: string): void {
    this.add('notice', message);
  }

  /** Shows a change the user did not ask for, such as a fallback to another backend. */
  warning(message: string): void {
    this.add('warning', message);
  }

  private add(kind: 'error' | 'notice' | 'warning', message: string): void {
    const dismiss = element('button', { type: 'button', class: 'dismiss', title: 'Dismiss' }, '×');
    const item = element('li', { class: kind }, element('span', {}, message), dismiss);
    dismiss.addEventListener('click', () => item.remove());
    this.messages.prepend(item);
  }

  private show(state: string, text: string): void {
    this.status.dataset.state = state;
    this.status.textContent = text;
  }
}
