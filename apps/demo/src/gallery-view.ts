// The list of enrolled people with their template counts, rename and
// remove, and export and import of the people as a file.

import type { AppContext } from './context.js';
import { byId, element, errorMessage, formatCount, plural } from './dom.js';

export class GalleryView {
  private readonly list = byId('gallery-list', HTMLTableSectionElement);
  private readonly summary = byId('gallery-summary', HTMLElement);

  constructor(private readonly context: AppContext) {
    context.gallery.onChange(() => this.render());

    byId('export-json', HTMLButtonElement).addEventListener('click', () => {
      void context.activity.run('exporting the gallery as JSON', async () => {
        download(await context.gallery.peopleJson(), 'facegate-gallery.json', 'application/json');
      });
    });
    byId('export-file', HTMLButtonElement).addEventListener('click', () => {
      void context.activity.run('exporting the gallery file', async () => {
        download(await context.gallery.peopleFile(), 'facegate.gallery', 'application/octet-stream');
      });
    });

    const importInput = byId('import-file', HTMLInputElement);
    importInput.addEventListener('change', () => {
      const file = importInput.files?.[0];
      importInput.value = '';
      if (!file) return;
      void context.activity.run(`importing ${file.name}`, async () => {
        const labels = await context.gallery.importFile(new Uint8Array(await file.arrayBuffer()), file.name);
        context.activity.notice(`Imported ${formatCount(labels.length)} people from ${file.name}.`);
        await context.save();
      });
    });

    byId('remove-all', HTMLButtonElement).addEventListener('click', () => {
      if (!window.confirm('Remove every enrolled person from this browser? Export the gallery first to keep a copy.')) return;
      void context.activity.run('removing every person', async () => {
        await context.gallery.removeAllPeople();
        context.thumbnails.clear();
        await context.save();
      });
    });

    this.render();
  }

  render(): void {
    const people = this.context.gallery.people();
    const templates = people.reduce((sum, person) => sum + person.templates, 0);
    const distractors = this.context.gallery.distractorCount;
    this.summary.textContent =
      `${plural(people.length, 'person', 'people')}, ${plural(templates, 'template')}` +
      (distractors > 0 ? `, plus ${plural(distractors, 'synthetic distractor')} (not saved)` : '');
    this.summary.dataset.people = String(people.length);

    this.list.replaceChildren(
      ...people.map((person) => {
        const thumbnail = this.context.thumbnails.get(person.label);
        const picture = thumbnail
          ? element('img', { src: thumbnail, alt: `face of ${person.label}`, class: 'thumb' })
          : element('span', { class: 'thumb placeholder', title: 'no face crop stored (imported)' }, person.label.slice(0, 1).toUpperCase());
        const rename = element('button', { type: 'button', class: 'rename' }, 'Rename');
        const remove = element('button', { type: 'button', class: 'remove' }, 'Remove');
        const row = element(
          'tr',
          { 'data-label': person.label },
          element('td', {}, picture),
          element('td', { class: 'label' }, person.label),
          element('td', { class: 'templates' }, String(person.templates)),
          element('td', { class: 'actions' }, rename, remove),
        );
        rename.addEventListener('click', () => this.startRename(row, person.label));
        remove.addEventListener('click', () => {
          void this.context.activity.run(`removing ${person.label}`, async () => {
            await this.context.gallery.remove(person.label);
            this.context.thumbnails.delete(person.label);
            await this.context.save();
          });
        });
        return row;
      }),
    );
  }

  private startRename(row: HTMLTableRowElement, label: string): void {
    const input = element('input', { type: 'text', class: 'rename-input', value: label, 'aria-label': `new name for ${label}` });
    const save = element('button', { type: 'button', class: 'rename-save' }, 'Save');
    const cancel = element('button', { type: 'button', class: 'rename-cancel' }, 'Cancel');
    const cell = row.querySelector<HTMLTableCellElement>('td.label');
    if (!cell) return;
    cell.replaceChildren(input, save, cancel);
    input.focus();
    input.select();

    const commit = () => {
      const to = input.value.trim();
      if (to === label) {
        this.render();
        return;
      }
      void this.context.activity.run(`renaming ${label} to ${to}`, async () => {
        try {
          await this.context.gallery.rename(label, to);
        } catch (error) {
          this.render();
          throw new Error(`${label} keeps its name: ${errorMessage(error)}`);
        }
        const thumbnail = this.context.thumbnails.get(label);
        this.context.thumbnails.delete(label);
        if (thumbnail) this.context.thumbnails.set(to, thumbnail);
        await this.context.save();
      });
    };
    save.addEventListener('click', commit);
    cancel.addEventListener('click', () => this.render());
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') commit();
      if (event.key === 'Escape') this.render();
    });
  }
}

function download(content: string | Uint8Array, fileName: string, type: string): void {
  const blob = new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type });
  const url = URL.createObjectURL(blob);
  const link = element('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
