/** Undo steps, run last-in first-out; a failing step is reported and does not stop the others. */
export class Cleanup {
  private readonly steps: { label: string; run: () => Promise<unknown> | unknown }[] = [];

  add(label: string, run: () => Promise<unknown> | unknown): void {
    this.steps.push({ label, run });
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        process.stderr.write(`cleanup "${step.label}" failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
}
